package io.vigil.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened to a check or to the system. Listeners receive events asynchronously, in
 * order, from {@link Monitor#subscribe(HealthListener)}.
 */
public sealed interface HealthEvent {

  /** When it happened (wall time). */
  Instant at();

  /**
   * A run finished and its result was judged (one per run; for metrics and audit).
   *
   * @param check the check's name
   * @param result the result, stamped with latency and time
   * @param at when it happened
   */
  record RunCompleted(String check, Result result, Instant at) implements HealthEvent {}

  /** A check was registered. */
  record CheckRegistered(String check, Instant at) implements HealthEvent {}

  /** A check was unregistered. */
  record CheckRemoved(String check, Instant at) implements HealthEvent {}

  /**
   * A check's judged status or state type changed: a transition such as OK → CRITICAL (soft), or
   * CRITICAL soft → hard.
   *
   * @param check the check's name
   * @param critical whether the check is critical
   * @param from status before
   * @param fromType state type before
   * @param to status after
   * @param toType state type after
   * @param result the result that caused it (for a stale check, the synthetic UNKNOWN result)
   * @param consecutiveFailures failures in a row including this result
   * @param at when it happened
   */
  record StateChanged(
      String check,
      boolean critical,
      Status from,
      StateType fromType,
      Status to,
      StateType toType,
      Result result,
      int consecutiveFailures,
      Instant at)
      implements HealthEvent {

    /** Whether the new state is hard (confirmed). */
    public boolean isHard() {
      return toType == StateType.HARD;
    }
  }

  /** A check started flapping: its weighted state change went above the start threshold. */
  record FlappingStarted(String check, double percentChange, Instant at) implements HealthEvent {}

  /** A check stopped flapping: its weighted state change went below the stop threshold. */
  record FlappingStopped(String check, double percentChange, Instant at) implements HealthEvent {}

  /**
   * A run ignored interruption after its deadline and was left behind; later runs go on.
   *
   * @param check the check's name
   * @param runningFor how long the run had been going when it was abandoned
   * @param abandonedRuns how many runs of this check were abandoned in total
   * @param at when it happened
   */
  record RunAbandoned(String check, Duration runningFor, long abandonedRuns, Instant at)
      implements HealthEvent {}

  /** The system status changed. */
  record SystemStatusChanged(SystemStatus from, SystemStatus to, String message, Instant at)
      implements HealthEvent {}
}
