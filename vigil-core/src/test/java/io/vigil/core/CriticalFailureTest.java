package io.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.testing.FakeTicker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Monitor#onCriticalFailure} on the monitor's ticker, driven by a fake clock. */
class CriticalFailureTest {

  private static final Duration GRACE = Duration.ofSeconds(5);

  private final FakeTicker ticker = new FakeTicker();
  private final ManualMonitor monitor =
      Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
  private final AtomicInteger handled = new AtomicInteger();

  @AfterEach
  void tearDown() {
    monitor.stop();
  }

  private void registerFailingCriticalCheck() {
    monitor.register(
        CheckSpec.builder("db")
            .critical(true)
            .failureThreshold(1)
            .interval(Duration.ofSeconds(1))
            .jitter(Duration.ZERO)
            .build(),
        ctx -> Result.critical("down"));
  }

  private void advance(Duration d) {
    ticker.advance(d);
    monitor.tick();
  }

  @Test
  void runsTheHandlerOnceExactlyGraceAfterStopping() {
    monitor.onCriticalFailure(
        GRACE,
        () -> {
          assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.STOPPING);
          handled.incrementAndGet();
        });
    registerFailingCriticalCheck();
    monitor.start();
    monitor.tick();
    await().until(() -> monitor.snapshot().status() == SystemStatus.STOPPING);

    advance(GRACE.minusNanos(1));
    assertThat(handled).hasValue(0);
    advance(Duration.ofNanos(1));
    assertThat(handled).hasValue(1);
    advance(Duration.ofMinutes(10));
    assertThat(handled).hasValue(1);
  }

  /** A handler that comes after the system turned UNHEALTHY still runs (no change will tell it). */
  @Test
  void aHandlerRegisteredWhileAlreadyUnhealthyRunsAfterTheGrace() {
    registerFailingCriticalCheck();
    monitor.start();
    monitor.tick();
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.UNHEALTHY);

    monitor.onCriticalFailure(GRACE, handled::incrementAndGet);
    await().until(() -> monitor.snapshot().status() == SystemStatus.STOPPING);
    advance(GRACE);

    await().untilAsserted(() -> assertThat(handled).hasValue(1));
  }

  @Test
  void stopsOnlyOnceTheSystemIsUnhealthy() {
    monitor.onCriticalFailure(GRACE, handled::incrementAndGet);
    monitor.register(
        CheckSpec.builder("cache").interval(Duration.ofSeconds(1)).jitter(Duration.ZERO).build(),
        ctx -> Result.critical("down"));
    monitor.start();
    for (int i = 0; i < 20; i++) {
      advance(Duration.ofSeconds(1));
    }
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.DEGRADED);
    assertThat(handled).hasValue(0);
  }

  @Test
  void closedSubscriptionNeitherStopsNorRunsTheHandler() {
    monitor.onCriticalFailure(GRACE, handled::incrementAndGet).close();
    registerFailingCriticalCheck();
    monitor.start();
    monitor.tick();
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.UNHEALTHY);

    advance(GRACE.multipliedBy(2));
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.UNHEALTHY);
    assertThat(handled).hasValue(0);
  }
}
