package io.vigil.alerts;

import java.util.Optional;

/**
 * A check's own alert settings (the {@code alert:} field of a configured check).
 *
 * @param severity the severity of its alerts instead of the derived one
 * @param runbook the {@code runbook} annotation of its alerts
 */
public record CheckAlerting(Optional<Severity> severity, Optional<String> runbook) {

  /** Nothing of its own. */
  public static CheckAlerting none() {
    return new CheckAlerting(Optional.empty(), Optional.empty());
  }
}
