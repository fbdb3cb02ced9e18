package io.vigil.agent.config;

import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import java.util.Map;

/**
 * One configured check, ready to register.
 *
 * @param spec its schedule and judging rules
 * @param check the check itself
 * @param source its configuration entry after interpolation and defaults; two definitions with
 *     equal sources are the same check (a reload keeps it untouched)
 * @param recovery its recovery ladder, if it heals
 * @param alert its own alert settings ({@code alert:}), if any
 * @param everyAgent whether it runs on every agent of a fleet ({@code scope: every-agent}) rather
 *     than on its partition's owner only
 */
public record CheckDefinition(
    CheckSpec spec,
    HealthCheck check,
    Map<String, Object> source,
    java.util.Optional<HealingConfig.PolicySpec> recovery,
    java.util.Optional<io.vigil.alerts.CheckAlerting> alert,
    boolean everyAgent) {

  /** The check's name. */
  public String name() {
    return spec.name();
  }
}
