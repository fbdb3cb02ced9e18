package io.vigil.store;

import io.vigil.core.StateType;
import io.vigil.core.Status;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored change of a check: a state transition or the start or end of flapping.
 *
 * @param check the check's name
 * @param at when it happened
 * @param kind what changed
 * @param from status before (state transitions)
 * @param fromType state type before (state transitions)
 * @param to status after (state transitions)
 * @param toType state type after (state transitions)
 * @param critical whether the check is critical (state transitions; false otherwise)
 * @param consecutiveFailures failures in a row including the result that caused it
 * @param message the causing result's message, or the flap percentage
 */
public record Transition(
    String check,
    Instant at,
    TransitionKind kind,
    Optional<Status> from,
    Optional<StateType> fromType,
    Optional<Status> to,
    Optional<StateType> toType,
    boolean critical,
    int consecutiveFailures,
    String message) {

  /** Validates that nothing is null. */
  public Transition {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(fromType, "fromType");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(toType, "toType");
    Objects.requireNonNull(message, "message");
  }
}
