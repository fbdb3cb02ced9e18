package io.vigil.micrometer.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vigil.core.CheckSnapshot;
import io.vigil.core.ComponentSnapshot;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.StateType;
import io.vigil.core.SystemStatus;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The per-check, per-component and state-set gauges. A check's rows read its latest view when
 * scraped ({@link Monitor#check}, the same cost for any number of checks), so they are always
 * current; the component and system rows of one scrape share one snapshot (taken at most {@link
 * #SHARED_NANOS} earlier). {@link #refresh} only adds and removes rows as checks, components and
 * performance data labels come and go. A row whose check is gone reads NaN until the next refresh
 * removes it.
 */
final class CheckGauges {

  private final Monitor monitor;
  private final List<MultiGauge> all;
  private final MultiGauge checkStatus;
  private final MultiGauge checkScore;
  private final MultiGauge componentScore;
  private final MultiGauge perfdata;
  private final MultiGauge systemStatus;
  private final MultiGauge scoreLevel;
  private final MultiGauge checkHard;
  private final MultiGauge checkFlapping;
  private final MultiGauge checkCritical;
  private volatile Set<String> perfdataLabels = Set.of();
  private volatile Taken taken;
  private List<String> rowsOf = List.of();
  private Set<String> componentRowsOf = Set.of();

  /** How long the rows of one scrape share the snapshot they read. */
  static final long SHARED_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private record Taken(long at, HealthSnapshot snapshot) {}

  CheckGauges(Monitor monitor, MeterRegistry registry) {
    this.monitor = monitor;
    checkStatus =
        gauge(
            registry,
            "vigil.check.status",
            "Judged status of a check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN");
    checkScore =
        gauge(registry, "vigil.check.score", "Recency-weighted success ratio of a check, 0..1");
    componentScore =
        gauge(registry, "vigil.component.health.score", "Mean score of a component's checks, 0..1");
    perfdata =
        gauge(
            registry,
            "vigil.check.perfdata",
            "Performance data reported by a check (Nagios plugins), by label");
    systemStatus =
        gauge(
            registry,
            "vigil.system.status",
            "1 for the system's current status, 0 for the others (a state set)");
    scoreLevel =
        gauge(
            registry,
            "vigil.system.score.level",
            "1 for the level the system's score reaches by the score thresholds, 0 for the"
                + " others; informational, it does not change the status");
    checkHard =
        gauge(
            registry,
            "vigil.check.hard",
            "1 when a check's state is hard (confirmed), 0 while soft");
    checkFlapping = gauge(registry, "vigil.check.flapping", "1 while a check is flapping");
    checkCritical =
        gauge(
            registry,
            "vigil.check.critical",
            "1 when a check is critical (its hard failure makes the system UNHEALTHY)");
    all =
        List.of(
            checkStatus,
            checkScore,
            componentScore,
            perfdata,
            systemStatus,
            scoreLevel,
            checkHard,
            checkFlapping,
            checkCritical);
  }

  private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
    return MultiGauge.builder(name).description(description).register(registry);
  }

  /**
   * Adds and removes rows to match {@code snapshot} (a fresh one: the rows read it for the next
   * {@link #SHARED_NANOS}). Rows are registered again only when the checks or components changed.
   */
  void refresh(HealthSnapshot snapshot) {
    taken = new Taken(System.nanoTime(), snapshot);
    List<String> checks = List.copyOf(snapshot.checks().keySet());
    if (!checks.equals(rowsOf)) {
      checkStatus.register(perCheck(checks, c -> c.pending() ? 3 : c.status().exitCode()), false);
      checkScore.register(perCheck(checks, CheckSnapshot::score), false);
      checkHard.register(perCheck(checks, c -> flag(c.stateType() == StateType.HARD)), false);
      checkFlapping.register(perCheck(checks, c -> flag(c.flapping())), false);
      checkCritical.register(perCheck(checks, c -> flag(c.spec().critical())), false);
      rowsOf = checks;
    }
    Set<String> components = Set.copyOf(snapshot.components().keySet());
    if (!components.equals(componentRowsOf)) {
      componentScore.register(components(components), false);
      componentRowsOf = components;
    }
    systemStatus.register(stateSet("status", HealthSnapshot::status), false);
    scoreLevel.register(stateSet("level", HealthSnapshot::scoreLevel), false);
    Set<String> labels = new HashSet<>();
    perfdata.register(perfdataRows(snapshot, labels), false);
    perfdataLabels = Set.copyOf(labels);
  }

  boolean hasNewLabels(String check, Result result) {
    return perfdataOf(result).keySet().stream()
        .anyMatch(label -> !perfdataLabels.contains(key(check, String.valueOf(label))));
  }

  void close() {
    all.forEach(g -> g.register(List.of(), true));
    rowsOf = List.of();
    componentRowsOf = Set.of();
  }

  private List<MultiGauge.Row<?>> perCheck(
      List<String> checks, ToDoubleFunction<CheckSnapshot> value) {
    return checks.stream()
        .<MultiGauge.Row<?>>map(
            name ->
                MultiGauge.Row.of(
                    Tags.of("check", name),
                    monitor,
                    m -> {
                      CheckSnapshot c = m.check(name).orElse(null);
                      return c == null ? Double.NaN : value.applyAsDouble(c);
                    }))
        .toList();
  }

  private List<MultiGauge.Row<?>> components(Set<String> names) {
    return names.stream()
        .<MultiGauge.Row<?>>map(
            name ->
                MultiGauge.Row.of(
                    Tags.of("component", name),
                    monitor,
                    m -> {
                      ComponentSnapshot c = shared().components().get(name);
                      return c == null ? Double.NaN : c.score();
                    }))
        .toList();
  }

  private List<MultiGauge.Row<?>> stateSet(
      String label, Function<HealthSnapshot, SystemStatus> current) {
    return Arrays.stream(SystemStatus.values())
        .<MultiGauge.Row<?>>map(
            s ->
                MultiGauge.Row.of(
                    Tags.of(label, s.name().toLowerCase(Locale.ROOT)),
                    monitor,
                    m -> flag(current.apply(shared()) == s)))
        .toList();
  }

  /** Rows of {@code vigil_check_perfdata{check,label}} from results' {@code perfdata} detail. */
  private List<MultiGauge.Row<?>> perfdataRows(HealthSnapshot snapshot, Set<String> keys) {
    return snapshot.checks().values().stream()
        .flatMap(
            c ->
                perfdataOf(c.lastResult().orElse(null)).entrySet().stream()
                    .filter(e -> valueOf(e.getValue()) != null)
                    .<MultiGauge.Row<?>>map(
                        e -> {
                          String label = String.valueOf(e.getKey());
                          keys.add(key(c.name(), label));
                          return MultiGauge.Row.of(
                              Tags.of("check", c.name(), "label", label),
                              monitor,
                              m -> perfdataValue(m, c.name(), label));
                        }))
        .toList();
  }

  /**
   * The snapshot rows read: the one taken within the last {@link #SHARED_NANOS}, else a new one. A
   * scrape of 10,000 checks' rows then builds one snapshot, not one per row while runs keep
   * changing it.
   */
  private HealthSnapshot shared() {
    long now = System.nanoTime();
    Taken t = taken;
    if (t == null || now - t.at() > SHARED_NANOS) {
      t = new Taken(now, monitor.snapshot());
      taken = t;
    }
    return t.snapshot();
  }

  private static double perfdataValue(Monitor monitor, String check, String label) {
    CheckSnapshot c = monitor.check(check).orElse(null);
    Number value = c == null ? null : valueOf(perfdataOf(c.lastResult().orElse(null)).get(label));
    return value == null ? Double.NaN : value.doubleValue();
  }

  private static Map<?, ?> perfdataOf(Result result) {
    return result != null && result.details().get("perfdata") instanceof Map<?, ?> items
        ? items
        : Map.of();
  }

  private static Number valueOf(Object item) {
    return item instanceof Map<?, ?> m && m.get("value") instanceof Number n ? n : null;
  }

  private static String key(String check, String label) {
    return check + '\u0000' + label;
  }

  private static double flag(boolean on) {
    return on ? 1 : 0;
  }
}
