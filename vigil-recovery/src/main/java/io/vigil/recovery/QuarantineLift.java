package io.vigil.recovery;

import java.util.Optional;

/**
 * What {@link Healer#lift} did.
 *
 * @param outcome whether the quarantine was lifted, and if not why
 * @param view the check's recovery view after the call (empty for an unprotected check)
 */
public record QuarantineLift(Outcome outcome, Optional<RecoveryView> view) {

  /** The outcomes of a lift. */
  public enum Outcome {
    /** Lifted: the ladder, the restart budget and the breaker start over. */
    LIFTED,
    /** The check is protected but not quarantined: nothing changed. */
    NOT_QUARANTINED,
    /** No recovery ladder protects a check of that name. */
    NOT_PROTECTED
  }
}
