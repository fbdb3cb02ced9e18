package io.vigil.checks.system;

import com.sun.jna.Platform;
import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import java.time.Duration;
import java.util.Arrays;
import oshi.driver.linux.proc.CpuStat;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;

/**
 * CPU busy time since the previous run (the first run: since the check was created), over at least
 * {@link #MIN_SAMPLE} so that a few clock ticks do not make the share jump in whole steps, and
 * never a sampling second; with the load averages as details (defaults: warning 90 %, critical 95
 * %). On Linux the counters are read from {@code /proc/stat} at each reading; elsewhere through
 * OSHI, which keeps what it read for about 300 ms, so the check waits in short steps until they
 * move.
 */
final class CpuCheck implements HealthCheck {

  /** The default limits in percent busy. */
  static final Thresholds DEFAULT_THRESHOLDS = new Thresholds(90, 95);

  /** The shortest sample: a run sooner than this after the previous reading waits the rest. */
  static final Duration MIN_SAMPLE = Duration.ofMillis(100);

  /** On Linux the counters come from {@code /proc/stat} at each reading, not from OSHI's cache. */
  private static final boolean LINUX = Platform.isLinux();

  /** One wait for OSHI's cached counters to move. */
  static final Duration STEP = Duration.ofMillis(100);

  /** At most this many waits of {@link #STEP} for the counters to move. */
  static final int MAX_WAITS = 10;

  /** Counters and when they were read. */
  private record Reading(long[] ticks, long nanos) {}

  private final Thresholds thresholds;
  private final CentralProcessor cpu = Oshi.get().getHardware().getProcessor();
  private volatile Reading previous;

  /** Judges CPU use against these limits; the first run measures from now. */
  CpuCheck(Thresholds thresholds) {
    this.thresholds = thresholds;
    this.previous = read();
  }

  @Override
  public Result check(CheckContext ctx) throws InterruptedException {
    Reading before = previous;
    long rest = MIN_SAMPLE.toNanos() - (System.nanoTime() - before.nanos());
    if (rest > 0) {
      ctx.sleep(Duration.ofNanos(rest));
    }
    Reading now = read();
    for (int i = 0; i < MAX_WAITS && elapsedTicks(before.ticks(), now.ticks()) == 0; i++) {
      ctx.sleep(STEP);
      now = read();
    }
    previous = now;
    double busy = busy(before.ticks(), now.ticks());
    if (Double.isNaN(busy)) {
      return Result.unknown("cannot read CPU time");
    }
    double[] load = cpu.getSystemLoadAverage(3);
    return Percent.used("cpu", busy * 100, cpu.getLogicalProcessorCount() + " cores", thresholds)
        .withDetail("cores", cpu.getLogicalProcessorCount())
        .withDetail(
            "load_average",
            Arrays.stream(load).map(v -> v < 0 ? -1 : Percent.round(v)).boxed().toList());
  }

  /**
   * The system's CPU counters, in OSHI's {@link TickType} order: on Linux from {@code /proc/stat},
   * unless that read gives only zeros (then OSHI's own reading, which retries).
   */
  private Reading read() {
    long[] ticks = LINUX ? CpuStat.getSystemCpuLoadTicks() : null;
    if (ticks == null || Arrays.stream(ticks).allMatch(t -> t == 0)) {
      ticks = cpu.getSystemCpuLoadTicks();
    }
    return new Reading(ticks, System.nanoTime());
  }

  /**
   * The busy share between two readings, as OSHI computes it (0 when no tick has passed); NaN when
   * the counters went backwards.
   */
  static double busy(long[] before, long[] now) {
    long total = elapsedTicks(before, now);
    long idle =
        now[TickType.IDLE.getIndex()]
            + now[TickType.IOWAIT.getIndex()]
            - before[TickType.IDLE.getIndex()]
            - before[TickType.IOWAIT.getIndex()];
    if (total <= 0) {
      return total == 0 ? 0 : Double.NaN;
    }
    return idle >= 0 && idle <= total ? (double) (total - idle) / total : Double.NaN;
  }

  private static long elapsedTicks(long[] before, long[] now) {
    long total = 0;
    for (int i = 0; i < Math.min(before.length, now.length); i++) {
      total += now[i] - before[i];
    }
    return total;
  }
}
