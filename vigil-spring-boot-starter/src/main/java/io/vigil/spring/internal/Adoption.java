package io.vigil.spring.internal;

import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.Monitor;
import io.vigil.spring.VigilProperties;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the bridge found: the checks to register, the registry changes to make once every name is
 * known to be valid, the indicator names seen and the problems met.
 */
final class Adoption {

  final Monitor monitor;
  final Clock clock;
  final VigilProperties properties;
  final List<String> problems = new ArrayList<>();
  final Set<String> names = new LinkedHashSet<>();
  private final List<Registration> checks = new ArrayList<>();
  private final List<Runnable> swaps = new ArrayList<>();

  Adoption(Monitor monitor, Clock clock, VigilProperties properties) {
    this.monitor = monitor;
    this.clock = clock;
    this.properties = properties;
  }

  /** Whether the indicator {@code name} keeps Actuator's inline behaviour. */
  boolean inline(String name) {
    return Specs.settings(properties, name).inline();
  }

  /**
   * Adopts the indicator {@code name}: returns the snapshot indicator to serve in its place, or
   * null when its settings are invalid (a problem is recorded).
   */
  SnapshotIndicator adopt(String name, HealthCheck check, String description) {
    return Specs.indicator(properties, name, description, problems)
        .map(
            spec -> {
              checks.add(new Registration(spec, check));
              return SnapshotIndicator.check(monitor, clock, spec.name());
            })
        .orElse(null);
  }

  /** A Vigil check declared as a bean, served under its own name. */
  void check(CheckSpec spec, HealthCheck check) {
    checks.add(new Registration(spec, check));
  }

  /** A registry change, made only when there is no problem. */
  void swap(Runnable change) {
    swaps.add(change);
  }

  void apply() {
    if (!problems.isEmpty()) {
      throw new InvalidVigilPropertiesException(problems);
    }
    checks.forEach(c -> monitor.register(c.spec(), c.check()));
    swaps.forEach(Runnable::run);
  }

  private record Registration(CheckSpec spec, HealthCheck check) {}
}
