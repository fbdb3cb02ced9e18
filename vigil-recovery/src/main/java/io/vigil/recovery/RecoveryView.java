package io.vigil.recovery;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.vigil.recovery.internal.ViewJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the healer knows about one protected check, for {@code /health/checks/{name}} and {@code
 * /diagnostics}. As JSON (any Jackson mapper) it has snake_case named fields, ISO-8601 times and
 * secrets masked in its texts.
 *
 * @param check the check
 * @param phase where its ladder is
 * @param until the end of the verify window or of the wait, in those phases
 * @param step the current step's name
 * @param stepIndex the current step's index in the ladder, from 0
 * @param attemptsOnStep attempts of the current step so far
 * @param breaker the state of the target's circuit breaker
 * @param quarantine why and since when healing gave up, while it has
 * @param suppressed why the last due action was held back, while it is
 * @param restartsInWindow restarts of the target within the restart budget's window
 * @param recent the last events (at most 20), oldest first
 */
@JsonSerialize(using = ViewJson.class)
public record RecoveryView(
    String check,
    PhaseName phase,
    Optional<Instant> until,
    String step,
    int stepIndex,
    int attemptsOnStep,
    BreakerState breaker,
    Optional<Quarantine> quarantine,
    Optional<String> suppressed,
    int restartsInWindow,
    List<RecoveryEvent> recent) {

  /** Copies the list. */
  public RecoveryView {
    recent = List.copyOf(recent);
  }

  /** Whether healing gave up on the check. */
  public boolean quarantined() {
    return quarantine.isPresent();
  }

  /** The phases of a ladder. */
  public enum PhaseName {
    /** Nothing to do, or about to act. */
    IDLE,
    /** An action is running. */
    RUNNING,
    /** Waiting for the check to be OK again after an action. */
    VERIFYING,
    /** An action is due but held back (backoff, rate cap, dependency confirmation). */
    WAITING,
    /** Healing gave up. */
    QUARANTINED
  }

  /**
   * Why and since when healing gave up.
   *
   * @param cause the guard that stopped it
   * @param reason the same in words, e.g. {@code restart budget spent: 3 restarts within 10m}
   * @param since when it gave up
   */
  public record Quarantine(QuarantineCause cause, String reason, Instant since) {}
}
