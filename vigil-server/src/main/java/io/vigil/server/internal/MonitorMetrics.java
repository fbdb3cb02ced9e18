package io.vigil.server.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.core.CheckSnapshot;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.Monitor;
import io.vigil.core.StateType;
import io.vigil.core.SystemStatus;
import java.util.List;

/**
 * The monitor's metrics in Micrometer: runs, run durations and the scheduler's lag are the engine's
 * own counters ({@link Monitor#runStats()}, {@link Monitor#stats()}) read at scrape time by {@link
 * EngineCollector}, never counted from events (a full listener queue drops events, so counts would
 * drift); status, scores and engine counters are read from the snapshot at scrape time ({@link
 * #refresh()}), so removed checks disappear. JVM and process metrics come along.
 */
public final class MonitorMetrics implements AutoCloseable {

  /**
   * Meters whose Prometheus names promtool's lint rejects ({@code process_cpu_time_ns_total}:
   * abbreviated unit; {@code system_cpu_count}: a gauge ending in {@code _count}); the same facts
   * remain as {@code process_cpu_usage} and {@code system_cpu_usage}.
   */
  private static final java.util.Set<String> LINT_REJECTED =
      java.util.Set.of("process.cpu.time", "system.cpu.count");

  private final Monitor monitor;
  private final PrometheusMeterRegistry registry;
  private final MultiGauge checkStatus;
  private final MultiGauge checkScore;
  private final MultiGauge componentScore;
  private final MultiGauge perfdata;
  private final MultiGauge systemStatus;
  private final MultiGauge scoreLevel;
  private final MultiGauge checkHard;
  private final MultiGauge checkFlapping;
  private final MultiGauge checkCritical;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final EngineCollector engine;

  public MonitorMetrics(Monitor monitor, PrometheusMeterRegistry registry) {
    this.monitor = monitor;
    this.registry = registry;
    registry
        .config()
        .meterFilter(
            io.micrometer.core.instrument.config.MeterFilter.deny(
                id -> LINT_REJECTED.contains(id.getName())));
    checkStatus =
        gauge(
            "vigil.check.status",
            "Judged status of a check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN");
    checkScore = gauge("vigil.check.score", "Recency-weighted success ratio of a check, 0..1");
    componentScore =
        gauge("vigil.component.health.score", "Mean score of a component's checks, 0..1");
    perfdata =
        gauge(
            "vigil.check.perfdata",
            "Performance data reported by a check (Nagios plugins), by label");
    systemStatus =
        gauge(
            "vigil.system.status",
            "1 for the system's current status, 0 for the others (a state set)");
    scoreLevel =
        gauge(
            "vigil.system.score.level",
            "1 for the level the system's score reaches by the score thresholds, 0 for the"
                + " others; informational, it does not change the status");
    checkHard =
        gauge("vigil.check.hard", "1 when a check's state is hard (confirmed), 0 while soft");
    checkFlapping = gauge("vigil.check.flapping", "1 while a check is flapping");
    checkCritical =
        gauge(
            "vigil.check.critical",
            "1 when a check is critical (its hard failure makes the system UNHEALTHY)");
    bindEngine(monitor, registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    engine = new EngineCollector(monitor);
    registry.getPrometheusRegistry().register(engine);
  }

  private MultiGauge gauge(String name, String description) {
    return MultiGauge.builder(name).description(description).register(registry);
  }

  /** The system score and the engine's own counters, read at scrape time. */
  private static void bindEngine(Monitor monitor, MeterRegistry registry) {
    Gauge.builder("vigil.system.health.score", monitor, m -> m.snapshot().score())
        .description("Mean score of all enabled checks, 0..1")
        .register(registry);
    FunctionCounter.builder("vigil.check.timeouts", monitor, m -> m.stats().timeouts())
        .description("Runs that hit their deadline")
        .register(registry);
    FunctionCounter.builder("vigil.check.abandoned", monitor, m -> m.stats().abandonedRuns())
        .description("Runs that ignored interruption after their deadline")
        .register(registry);
    FunctionCounter.builder("vigil.listener.drops", monitor, m -> m.stats().listenerDrops())
        .description("Events dropped because a listener's queue was full")
        .register(registry);
  }

  /** Brings the per-check and per-component gauges up to date with the latest snapshot. */
  public void refresh() {
    HealthSnapshot snapshot = monitor.snapshot();
    List<CheckSnapshot> checks = List.copyOf(snapshot.checks().values());
    checkStatus.register(
        checks.stream()
            .map(
                c ->
                    MultiGauge.Row.of(
                        Tags.of("check", c.name()), c.pending() ? 3 : c.status().exitCode()))
            .toList(),
        true);
    checkScore.register(
        checks.stream().map(c -> MultiGauge.Row.of(Tags.of("check", c.name()), c.score())).toList(),
        true);
    perfdata.register(checks.stream().flatMap(MonitorMetrics::perfdataRows).toList(), true);
    checkHard.register(flags(checks, c -> c.stateType() == StateType.HARD), true);
    checkFlapping.register(flags(checks, CheckSnapshot::flapping), true);
    checkCritical.register(flags(checks, c -> c.spec().critical()), true);
    systemStatus.register(stateSet("status", snapshot.status()), true);
    scoreLevel.register(stateSet("level", snapshot.scoreLevel()), true);
    componentScore.register(
        snapshot.components().values().stream()
            .map(c -> MultiGauge.Row.of(Tags.of("component", c.name()), c.score()))
            .toList(),
        true);
  }

  private static List<MultiGauge.Row<?>> flags(
      List<CheckSnapshot> checks, java.util.function.Predicate<CheckSnapshot> flag) {
    return checks.stream()
        .<MultiGauge.Row<?>>map(
            c -> MultiGauge.Row.of(Tags.of("check", c.name()), flag.test(c) ? 1 : 0))
        .toList();
  }

  private static List<MultiGauge.Row<?>> stateSet(String label, SystemStatus current) {
    return java.util.Arrays.stream(SystemStatus.values())
        .<MultiGauge.Row<?>>map(
            s -> MultiGauge.Row.of(Tags.of(label, HealthJson.name(s)), s == current ? 1 : 0))
        .toList();
  }

  /** Rows of {@code vigil_check_perfdata{check,label}} from a result's {@code perfdata} detail. */
  private static java.util.stream.Stream<MultiGauge.Row<?>> perfdataRows(CheckSnapshot c) {
    Object perf = c.lastResult().map(r -> r.details().get("perfdata")).orElse(null);
    if (!(perf instanceof java.util.Map<?, ?> items)) {
      return java.util.stream.Stream.empty();
    }
    return items.entrySet().stream()
        .filter(
            e -> e.getValue() instanceof java.util.Map<?, ?> m && m.get("value") instanceof Number)
        .map(
            e ->
                MultiGauge.Row.of(
                    Tags.of("check", c.name(), "label", String.valueOf(e.getKey())),
                    (Number) ((java.util.Map<?, ?>) e.getValue()).get("value")));
  }

  @Override
  public void close() {
    registry.getPrometheusRegistry().unregister(engine);
    gc.close();
  }
}
