package io.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 16: first runs within ~100 ms of start, spread; the scheduler's lag as a histogram. */
class SchedulingTest {

  @Test
  void everyCheckRunsWithinAHundredMillisecondsOfStartButNotAllAtOnce() {
    FakeTicker ticker = new FakeTicker();
    ManualMonitor monitor = Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
    for (int i = 0; i < 200; i++) {
      // interval 50 s: the default jitter is 5 s, which used to delay the first run as well
      monitor.register(
          CheckSpec.builder("c" + i).interval(Duration.ofSeconds(50)).build(), ctx -> Result.ok());
    }
    monitor.start();
    long mostInOneMillisecond = 0;
    long before = 0;
    for (int ms = 0; ms < 100; ms++) {
      monitor.tick();
      long runs = monitor.stats().runs();
      mostInOneMillisecond = Math.max(mostInOneMillisecond, runs - before);
      before = runs;
      ticker.advance(Duration.ofMillis(1));
    }
    monitor.tick();
    assertThat(monitor.stats().runs()).isEqualTo(200);
    assertThat(mostInOneMillisecond).isLessThan(40); // ~2 a millisecond on average
    monitor.stop();
  }

  @Test
  void thousandsOfChecks_spreadEvenlyAcrossTheirInterval_andStaySpread() {
    FakeTicker ticker = new FakeTicker();
    ManualMonitor monitor = Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
    int checks = 2_000;
    for (int i = 0; i < checks; i++) {
      monitor.register(
          CheckSpec.builder("c" + i).interval(Duration.ofSeconds(10)).build(), ctx -> Result.ok());
    }
    monitor.start();
    // first runs: all within 500 ms (4,000 a second), at most 4 in any millisecond
    long mostInOneMillisecond = 0;
    long before = 0;
    for (int ms = 0; ms <= 500; ms++) {
      monitor.tick();
      mostInOneMillisecond = Math.max(mostInOneMillisecond, monitor.stats().runs() - before);
      before = monitor.stats().runs();
      ticker.advance(Duration.ofMillis(1));
    }
    assertThat(monitor.stats().runs()).isEqualTo(checks);
    assertThat(mostInOneMillisecond).isLessThanOrEqualTo(5);

    // 30 intervals later, every 100 ms of an interval holds about 1 % of the runs, as at first
    for (int cycle = 0; cycle < 30; cycle++) {
      for (int slot = 0; slot < 100; slot++) {
        ticker.advance(Duration.ofMillis(100));
        monitor.tick();
      }
    }
    long[] perSlot = new long[100];
    for (int slot = 0; slot < 100; slot++) {
      long start = monitor.stats().runs();
      ticker.advance(Duration.ofMillis(100));
      monitor.tick();
      perSlot[slot] = monitor.stats().runs() - start;
    }
    long total = java.util.Arrays.stream(perSlot).sum();
    assertThat(total).isBetween((long) checks - 50, (long) checks + 50); // each ran once
    // the mean is 20 a slot; a random walk of jitter would pile them up (and start-time clumping
    // would put every run in the first two slots)
    assertThat(java.util.Arrays.stream(perSlot).max().getAsLong()).isLessThanOrEqualTo(45);
    assertThat(java.util.Arrays.stream(perSlot).min().getAsLong()).isGreaterThanOrEqualTo(5);
    monitor.stop();
  }

  @Test
  void withoutJitter_aCheckRunsExactlyOneIntervalAfterItsLastStart() {
    FakeTicker ticker = new FakeTicker();
    ManualMonitor monitor = Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
    monitor.register(
        CheckSpec.builder("a").interval(Duration.ofSeconds(10)).jitter(Duration.ZERO).build(),
        ctx -> Result.ok());
    monitor.start();
    monitor.tick();
    assertThat(monitor.stats().runs()).isEqualTo(1);
    ticker.advance(Duration.ofMillis(9_999));
    monitor.tick();
    assertThat(monitor.stats().runs()).isEqualTo(1);
    ticker.advance(Duration.ofMillis(1));
    monitor.tick();
    assertThat(monitor.stats().runs()).isEqualTo(2);
    monitor.stop();
  }

  @Test
  void lagHistogramCountsEveryRunAndGivesQuantiles() {
    FakeTicker ticker = new FakeTicker();
    ManualMonitor monitor = Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
    monitor.register(
        CheckSpec.builder("a").interval(Duration.ofSeconds(1)).jitter(Duration.ZERO).build(),
        ctx -> Result.ok());
    monitor.start();
    monitor.tick(); // due at start: on time
    for (int i = 0; i < 99; i++) {
      ticker.advance(Duration.ofMillis(1020)); // every later run 20 ms late
      monitor.tick();
    }
    LatencyHistogram lag = monitor.stats().schedulerLag();
    assertThat(lag.count()).isEqualTo(100);
    assertThat(lag.sumNanos()).isEqualTo(99 * 20_000_000L);
    assertThat(lag.quantile(0.5)).isBetween(Duration.ofMillis(10), Duration.ofMillis(25));
    assertThat(lag.quantile(0.99)).isBetween(Duration.ofMillis(10), Duration.ofMillis(25));
    assertThat(lag.quantile(0.005)).isLessThanOrEqualTo(Duration.ofNanos(100_000));
    assertThat(monitor.runStats().get("a").ok()).isEqualTo(100);
    assertThat(monitor.runStats().get("a").latency().count()).isEqualTo(100);
    monitor.stop();
  }

  @Test
  void histogramBucketsAndQuantiles() {
    assertThat(LatencyHistogram.bucketOf(0)).isZero();
    assertThat(LatencyHistogram.bucketOf(100_000)).isZero();
    assertThat(LatencyHistogram.bucketOf(100_001)).isEqualTo(1);
    assertThat(LatencyHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BOUNDS.size());
    long[] counts = new long[LatencyHistogram.BOUNDS.size() + 1];
    counts[LatencyHistogram.bucketOf(7_000_000)] = 10; // (5 ms, 10 ms]
    LatencyHistogram h = new LatencyHistogram(counts, 70_000_000);
    assertThat(h.quantile(0.5)).isEqualTo(Duration.ofNanos(7_500_000));
    assertThat(h.quantile(1)).isEqualTo(Duration.ofMillis(10));
    assertThat(LatencyHistogram.EMPTY.quantile(0.99)).isZero();
    counts[0] = 99; // the caller's array is copied
    assertThat(h.count()).isEqualTo(10);
  }
}
