package io.vigil.checks;

import java.util.Map;
import java.util.Set;

/** Reads warning and critical limits, flat or nested under {@code thresholds}. */
final class ThresholdFields {

  /** How one limit is read: {@link CheckSettings#percent} or {@link CheckSettings#number}. */
  @FunctionalInterface
  interface Limit {
    double read(CheckSettings settings, String key, double defaultValue);
  }

  private ThresholdFields() {}

  static Thresholds read(CheckSettings s, Thresholds defaults, Limit limit) {
    CheckSettings t = nested(s);
    double warning = limit.read(t, "warning", defaults.warning());
    double critical =
        t.isThreshold("critical")
            ? limit.read(t, "critical", defaults.critical())
            : defaults.critical();
    if (warning > critical) {
      t.problem(
          "warning",
          "must not be above critical "
              + Thresholds.format(critical)
              + ", but was "
              + Thresholds.format(warning));
      return defaults;
    }
    return new Thresholds(warning, critical);
  }

  private static CheckSettings nested(CheckSettings s) {
    Object nested = s.raw("thresholds").orElse(null);
    if (nested == null) {
      return s;
    }
    if (!(nested instanceof Map<?, ?> map)) {
      s.problem(
          "thresholds", "must be a mapping with warning and critical, but was '" + nested + "'");
      return new CheckSettings(s.pathOf("thresholds"), Map.of(), Set.of());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) map;
    return s.child("thresholds", fields);
  }
}
