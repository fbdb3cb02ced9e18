package io.vigil.core.internal;

import io.vigil.core.StateType;
import io.vigil.core.Status;

/**
 * The soft/hard state machine of one check, as Nagios judges service states. Not thread-safe (owned
 * by the engine lock).
 *
 * <ul>
 *   <li>The first OK result makes the check OK (hard).
 *   <li>A failure is soft until {@code failureThreshold} consecutive failures, then hard.
 *   <li>A soft failure followed by OK recovers at once.
 *   <li>A hard failure clears after {@code successThreshold} consecutive OK results; until then the
 *       check stays hard down, and a failure in between keeps it hard.
 *   <li>A stale check is UNKNOWN (hard) until results arrive again.
 * </ul>
 */
final class CheckState {

  private Status status = Status.UNKNOWN;
  private StateType type = StateType.HARD;
  private boolean pending = true;
  private boolean stale;
  private int consecutiveFailures;
  private int consecutiveSuccesses;

  /**
   * Judges one result.
   *
   * @return whether the status or the state type changed
   */
  boolean apply(Status result, int failureThreshold, int successThreshold) {
    Status oldStatus = status;
    StateType oldType = type;
    boolean wasPending = pending;
    pending = false;
    stale = false;
    if (result == Status.OK) {
      consecutiveFailures = 0;
      consecutiveSuccesses++;
      boolean hardDown = oldStatus.isFailure() && oldType == StateType.HARD && !wasPending;
      if (!hardDown || consecutiveSuccesses >= successThreshold) {
        status = Status.OK;
        type = StateType.HARD;
      }
    } else {
      consecutiveSuccesses = 0;
      consecutiveFailures++;
      boolean hardDown = oldStatus.isFailure() && oldType == StateType.HARD && !wasPending;
      status = result;
      type = hardDown || consecutiveFailures >= failureThreshold ? StateType.HARD : StateType.SOFT;
    }
    return wasPending || status != oldStatus || type != oldType;
  }

  /** Continues from a state judged elsewhere (another agent, an earlier run). */
  void resume(Status status, StateType type, int failures, int successes) {
    this.status = status;
    this.type = type;
    this.pending = false;
    this.stale = false;
    this.consecutiveFailures = failures;
    this.consecutiveSuccesses = successes;
  }

  /**
   * Marks the check stale: UNKNOWN (hard) until the next result.
   *
   * @return whether the status or the state type changed
   */
  boolean markStale() {
    boolean changed = status != Status.UNKNOWN || type != StateType.HARD || pending;
    status = Status.UNKNOWN;
    type = StateType.HARD;
    pending = false;
    stale = true;
    consecutiveSuccesses = 0;
    return changed;
  }

  /** Whether the next run should come at the retry interval: a soft failure, or recovering. */
  boolean retrying() {
    return !pending
        && status.isFailure()
        && (type == StateType.SOFT || consecutiveSuccesses > 0)
        && !stale;
  }

  Status status() {
    return status;
  }

  StateType type() {
    return type;
  }

  boolean pending() {
    return pending;
  }

  boolean stale() {
    return stale;
  }

  int consecutiveFailures() {
    return consecutiveFailures;
  }

  int consecutiveSuccesses() {
    return consecutiveSuccesses;
  }
}
