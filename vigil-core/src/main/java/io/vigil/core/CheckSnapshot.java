package io.vigil.core;

import java.time.Instant;
import java.util.Optional;

/**
 * The state of one check at one moment; immutable.
 *
 * @param spec the check's specification
 * @param status the judged status: the last failure while it is soft or hard, {@link Status#OK}
 *     once recovered, {@link Status#UNKNOWN} while pending or stale
 * @param stateType whether {@link #status()} is confirmed by the thresholds
 * @param lastResult the most recent result, empty until the first run finishes
 * @param consecutiveFailures failures in a row up to the last result
 * @param consecutiveSuccesses successes in a row up to the last result
 * @param flapping whether the check is flapping
 * @param flapPercent weighted percent state change over the last 21 results
 * @param score recency-weighted success ratio in 0..1 over the score window (0 while pending)
 * @param stale whether no result arrived within {@link CheckSpec#staleAfter()}
 * @param lastChange when {@link #status()} or {@link #stateType()} last changed (or registration)
 * @param abandonedRuns runs that ignored interruption after their deadline, in total
 */
public record CheckSnapshot(
    CheckSpec spec,
    Status status,
    StateType stateType,
    Optional<Result> lastResult,
    int consecutiveFailures,
    int consecutiveSuccesses,
    boolean flapping,
    double flapPercent,
    double score,
    boolean stale,
    Instant lastChange,
    long abandonedRuns) {

  /** The check's name. */
  public String name() {
    return spec.name();
  }

  /** Whether the check has not finished a run yet. */
  public boolean pending() {
    return lastResult.isEmpty() && !stale;
  }

  /** Whether the judged status is a failure (anything but OK, pending excluded). */
  public boolean failing() {
    return !pending() && status.isFailure();
  }

  /**
   * What this check alone makes of the system's status: {@link SystemStatus#STARTING} while it is
   * pending, {@link SystemStatus#UNHEALTHY} when it is critical and hard down (CRITICAL or
   * UNKNOWN), {@link SystemStatus#DEGRADED} when it fails otherwise, {@link SystemStatus#HEALTHY}
   * when it is OK or disabled.
   */
  public SystemStatus impact() {
    if (!spec.enabled()) {
      return SystemStatus.HEALTHY;
    }
    if (pending()) {
      return SystemStatus.STARTING;
    }
    if (status == Status.OK) {
      return SystemStatus.HEALTHY;
    }
    boolean hardDown = stateType == StateType.HARD && status.isDown();
    return spec.critical() && hardDown ? SystemStatus.UNHEALTHY : SystemStatus.DEGRADED;
  }
}
