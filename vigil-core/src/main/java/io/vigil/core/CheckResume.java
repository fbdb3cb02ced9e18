package io.vigil.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a check's state machine stood when another monitor (another agent of a fleet, or this one
 * before a restart) last ran it: registering with it continues from there instead of from pending,
 * so a hard failure stays hard and a soft one keeps counting towards the threshold.
 *
 * @param status the judged status
 * @param stateType soft or hard
 * @param consecutiveFailures failures in a row up to the last result
 * @param consecutiveSuccesses successes in a row up to the last result
 * @param lastResult the last result, when there was one
 * @param lastChange when the status or state type last changed
 */
public record CheckResume(
    Status status,
    StateType stateType,
    int consecutiveFailures,
    int consecutiveSuccesses,
    Optional<Result> lastResult,
    Instant lastChange) {

  public CheckResume {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(stateType, "stateType");
    Objects.requireNonNull(lastResult, "lastResult");
    Objects.requireNonNull(lastChange, "lastChange");
    if (consecutiveFailures < 0 || consecutiveSuccesses < 0) {
      throw new IllegalArgumentException("consecutive counts must be >= 0");
    }
  }

  /** The state of a snapshot, to resume elsewhere. */
  public static CheckResume of(CheckSnapshot snapshot) {
    return new CheckResume(
        snapshot.status(),
        snapshot.stateType(),
        snapshot.consecutiveFailures(),
        snapshot.consecutiveSuccesses(),
        snapshot.lastResult(),
        snapshot.lastChange());
  }
}
