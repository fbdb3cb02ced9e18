package io.vigil.store.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One recovery event of a node's healer, as a row: an attempt is a {@code started} record and its
 * {@code succeeded} or {@code failed} record (same check and attempt).
 *
 * @param node the agent's node id
 * @param check the check healed
 * @param at when it happened
 * @param kind {@code started}, {@code succeeded}, {@code failed}, {@code suppressed}, {@code
 *     suppression_ended}, {@code gave_up}, {@code quarantine_lifted} or {@code reset}
 * @param step the ladder step's name, for attempts
 * @param attempt the attempt on that step (0 when the event is not an attempt)
 * @param fencingToken the leadership token the action was started with ({@code started})
 * @param took from the action's start to its verdict ({@code succeeded}, {@code failed})
 * @param message the reason (failed, suppressed, gave up) or who lifted a quarantine; may be empty
 */
public record RecoveryRecord(
    String node,
    String check,
    Instant at,
    String kind,
    Optional<String> step,
    int attempt,
    OptionalLong fencingToken,
    Optional<Duration> took,
    String message) {

  /** Checks the values. */
  public RecoveryRecord {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(fencingToken, "fencingToken");
    Objects.requireNonNull(took, "took");
    Objects.requireNonNull(message, "message");
  }
}
