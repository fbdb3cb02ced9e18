package io.vigil.bench;

import com.codahale.metrics.health.HealthCheckRegistry;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import java.time.Duration;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading health. {@code snapshot} is what every {@code /health} request does: read the latest
 * immutable snapshot. {@code snapshotAfterChange} includes one run and the snapshot rebuild it
 * causes. Dropwizard's {@code runHealthChecks} is the peer's way to read health: it runs every
 * check, in the caller's thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SnapshotBenchmark {

  @Param({"10", "1000"})
  public int checks;

  private ManualMonitor monitor;
  private HealthCheckRegistry dropwizard;

  @Setup(Level.Trial)
  public void setUp() {
    monitor = Monitor.builder().executor(Runnable::run).buildManual();
    dropwizard = new HealthCheckRegistry();
    for (int i = 0; i < checks; i++) {
      monitor.register(
          CheckSpec.builder("c" + i)
              .component("comp" + i % 10)
              .interval(Duration.ofHours(1))
              .build(),
          ctx -> Result.ok("fine"));
      dropwizard.register(
          "c" + i,
          new com.codahale.metrics.health.HealthCheck() {
            @Override
            protected Result check() {
              return Result.healthy("fine");
            }
          });
    }
    monitor.start();
    for (int i = 0; i < checks; i++) {
      monitor.runNow("c" + i).join();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    monitor.stop();
    dropwizard.shutdown();
  }

  @Benchmark
  public HealthSnapshot snapshot() {
    return monitor.snapshot();
  }

  @Benchmark
  public HealthSnapshot snapshotAfterChange() {
    monitor.runNow("c0").join();
    return monitor.snapshot();
  }

  @Benchmark
  public SortedMap<String, com.codahale.metrics.health.HealthCheck.Result>
      dropwizardRunHealthChecks() {
    return dropwizard.runHealthChecks();
  }
}
