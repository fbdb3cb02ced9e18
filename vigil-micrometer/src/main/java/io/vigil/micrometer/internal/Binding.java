package io.vigil.micrometer.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * The meters of one monitor in one registry: the engine's counters ({@link EngineCollector} in a
 * Prometheus registry, {@link EngineMeters} elsewhere), the system's gauges and counters, and the
 * per-check gauges ({@link CheckGauges}).
 */
public final class Binding implements AutoCloseable {

  private final MeterRegistry registry;
  private final List<Meter> fixed;
  private final CheckGauges checks;
  private final Engine engine;

  private Binding(MeterRegistry registry, List<Meter> fixed, CheckGauges checks, Engine engine) {
    this.registry = registry;
    this.fixed = fixed;
    this.checks = checks;
    this.engine = engine;
  }

  /** Registers the meters of {@code monitor} in {@code registry}. */
  public static Binding bind(Monitor monitor, MeterRegistry registry) {
    CheckGauges checks = new CheckGauges(monitor, registry);
    List<Meter> fixed = systemMeters(monitor, registry);
    Engine engine =
        PrometheusEngine.supports(registry)
            ? PrometheusEngine.register(monitor, registry)
            : new EngineMeters(monitor, registry);
    return new Binding(registry, fixed, checks, engine);
  }

  /** The system score and the engine's own counters, read at scrape time. */
  private static List<Meter> systemMeters(Monitor monitor, MeterRegistry registry) {
    List<Meter> meters = new ArrayList<>();
    meters.add(
        Gauge.builder("vigil.system.health.score", monitor, m -> m.snapshot().score())
            .description("Mean score of all enabled checks, 0..1")
            .register(registry));
    meters.add(
        FunctionCounter.builder("vigil.check.timeouts", monitor, m -> m.stats().timeouts())
            .description("Runs that hit their deadline")
            .register(registry));
    meters.add(
        FunctionCounter.builder("vigil.check.abandoned", monitor, m -> m.stats().abandonedRuns())
            .description("Runs that ignored interruption after their deadline")
            .register(registry));
    meters.add(
        FunctionCounter.builder("vigil.listener.drops", monitor, m -> m.stats().listenerDrops())
            .description("Events dropped because a listener's queue was full")
            .register(registry));
    return meters;
  }

  /** Adds the meters of new checks and components, removes those of removed ones. */
  public void refresh(HealthSnapshot snapshot) {
    checks.refresh(snapshot);
    engine.refresh(snapshot);
  }

  /** Whether the result carries performance data labels that have no meter yet. */
  public boolean hasNewLabels(String check, Result result) {
    return checks.hasNewLabels(check, result);
  }

  @Override
  public void close() {
    engine.close();
    checks.close();
    fixed.forEach(registry::remove);
  }

  /** The engine's run counts, durations and scheduler lag in one kind of registry. */
  interface Engine extends AutoCloseable {
    void refresh(HealthSnapshot snapshot);

    @Override
    void close();
  }
}
