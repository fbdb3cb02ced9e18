package io.vigil.bench;

import com.codahale.metrics.health.HealthCheckRegistry;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained heap per registered check, without history, measured by walking the object graph with
 * JOL: the monitor with N checks minus the monitor with none, divided by N. Dropwizard's registry
 * is measured the same way.
 *
 * <p>Run: {@code java -cp vigil-bench/target/benchmarks.jar io.vigil.bench.MemoryPerCheck}
 */
public final class MemoryPerCheck {

  private static final int CHECKS = 1000;
  private static final HealthCheck CHECK = ctx -> Result.ok();

  private MemoryPerCheck() {}

  public static void main(String[] args) {
    // JOL reads record fields (CheckSpec, CheckSnapshot, ...) only with this set.
    System.setProperty("jol.magicFieldOffset", "true");
    long vigilEmpty = vigil(0);
    long vigilFull = vigil(CHECKS);
    long dropwizardEmpty = dropwizard(0);
    long dropwizardFull = dropwizard(CHECKS);
    double vigil = (double) (vigilFull - vigilEmpty) / CHECKS;
    double peer = (double) (dropwizardFull - dropwizardEmpty) / CHECKS;
    System.out.printf(
        Locale.ROOT,
        "vigil: %.0f bytes per registered check (%d checks, no history)%n",
        vigil,
        CHECKS);
    System.out.printf(
        Locale.ROOT, "dropwizard metrics-healthchecks: %.0f bytes per registered check%n", peer);
    System.out.printf(Locale.ROOT, "ratio vigil/dropwizard: %.2f%n", vigil / peer);
    for (int history : new int[] {100, 1000}) {
      double steady = (double) (withHistory(100, history) - vigilEmpty) / 100;
      System.out.printf(
          Locale.ROOT,
          "vigil: %.0f bytes per check at steady state, history %d (an http-like result each run)%n",
          steady,
          history);
    }
  }

  /** Memory of {@code n} checks whose history rings are full of realistic results. */
  private static long withHistory(int n, int history) {
    StepTicker ticker = new StepTicker();
    ManualMonitor monitor =
        Monitor.builder().ticker(ticker).executor(Runnable::run).historySize(history).buildManual();
    for (int i = 0; i < n; i++) {
      String url = String.format(Locale.ROOT, "http://service-%04d.internal:8080/health", i);
      int[] run = {0};
      monitor.register(
          CheckSpec.builder(String.format(Locale.ROOT, "check-%04d", i))
              .interval(Duration.ofSeconds(10))
              .jitter(Duration.ZERO)
              .build(),
          ctx -> {
            int ms = 3 + run[0]++ % 40;
            return Result.ok("HTTP 200 in " + ms + " ms")
                .withDetail("url", url)
                .withDetail("status_code", 200)
                .withDetail("response_ms", ms);
          });
    }
    monitor.start();
    for (int r = 0; r < history + 10; r++) {
      monitor.tick();
      ticker.nanos += Duration.ofSeconds(10).toNanos();
    }
    monitor.snapshot();
    long size = GraphLayout.parseInstance(monitor).totalSize();
    monitor.stop();
    return size;
  }

  /** A clock the measurement moves by hand. */
  private static final class StepTicker implements Ticker {
    long nanos;

    @Override
    public long monotonicNanos() {
      return nanos;
    }

    @Override
    public Instant wallTime() {
      return Instant.EPOCH.plusNanos(nanos);
    }
  }

  private static long vigil(int n) {
    Monitor monitor = Monitor.builder().build();
    for (int i = 0; i < n; i++) {
      monitor.register(
          CheckSpec.builder(String.format(Locale.ROOT, "check-%04d", i))
              .interval(Duration.ofSeconds(30))
              .build(),
          CHECK);
    }
    monitor.snapshot();
    long size = GraphLayout.parseInstance(monitor).totalSize();
    monitor.stop();
    return size;
  }

  private static long dropwizard(int n) {
    HealthCheckRegistry registry = new HealthCheckRegistry();
    com.codahale.metrics.health.HealthCheck check =
        new com.codahale.metrics.health.HealthCheck() {
          @Override
          protected Result check() {
            return Result.healthy();
          }
        };
    for (int i = 0; i < n; i++) {
      registry.register(String.format(Locale.ROOT, "check-%04d", i), check);
    }
    long size = GraphLayout.parseInstance(registry).totalSize();
    registry.shutdown();
    return size;
  }
}
