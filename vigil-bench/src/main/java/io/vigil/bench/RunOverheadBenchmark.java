package io.vigil.bench;

import com.codahale.metrics.health.HealthCheckRegistry;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the engine adds to one run beyond the check's body: judging the result (soft/hard state,
 * flapping, score), history, the next schedule, the new snapshot view and the run's future. The
 * check body is trivial, so {@code engineRun* - checkBodyOnly} is the engine's overhead.
 * Dropwizard's {@code HealthCheckRegistry.runHealthCheck} is measured alongside: it only times and
 * wraps the call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RunOverheadBenchmark {

  private static final Result OK = Result.ok("fine");
  private static final HealthCheck CHECK = ctx -> OK;

  private ManualMonitor direct;
  private ManualMonitor virtual;
  private HealthCheckRegistry dropwizard;

  @Setup(Level.Trial)
  public void setUp() {
    CheckSpec spec = CheckSpec.builder("a").interval(Duration.ofHours(1)).build();
    direct = Monitor.builder().executor(Runnable::run).buildManual();
    direct.register(spec, CHECK);
    direct.start();
    virtual = Monitor.builder().buildManual();
    virtual.register(spec, CHECK);
    virtual.start();
    dropwizard = new HealthCheckRegistry();
    dropwizard.register(
        "a",
        new com.codahale.metrics.health.HealthCheck() {
          @Override
          protected Result check() {
            return Result.healthy("fine");
          }
        });
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    direct.stop();
    virtual.stop();
    dropwizard.shutdown();
  }

  /** The check body alone: the baseline to subtract. */
  @Benchmark
  public Result checkBodyOnly() throws Exception {
    return CHECK.check(null);
  }

  /** A full run on the calling thread (executor {@code Runnable::run}). */
  @Benchmark
  public Result engineRunSameThread() {
    return direct.runNow("a").join();
  }

  /** A full run on its own virtual thread, as the engine runs checks by default. */
  @Benchmark
  public Result engineRunVirtualThread() {
    return virtual.runNow("a").join();
  }

  /** Peer: Dropwizard metrics-healthchecks running one check. */
  @Benchmark
  public com.codahale.metrics.health.HealthCheck.Result dropwizardRunHealthCheck() {
    return dropwizard.runHealthCheck("a");
  }
}
