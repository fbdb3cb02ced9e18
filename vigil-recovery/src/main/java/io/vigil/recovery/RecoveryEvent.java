package io.vigil.recovery;

import java.time.Duration;
import java.time.Instant;

/** What the healer did or decided not to do. */
public sealed interface RecoveryEvent {

  /** The check concerned. */
  String check();

  /** When it happened. */
  Instant at();

  /** An action started. */
  record Started(String check, String step, int attempt, long fencingToken, Instant at)
      implements RecoveryEvent {}

  /** The check was OK again within the step's verify window. */
  record Succeeded(String check, String step, int attempt, Duration took, Instant at)
      implements RecoveryEvent {}

  /** The action threw, or the check was still failing when the verify window ended. */
  record Failed(String check, String step, int attempt, String reason, Duration took, Instant at)
      implements RecoveryEvent {}

  /**
   * An action was due but held back (dependency down, flapping, rate limit, backoff); said once
   * when the suppression starts (or its reason changes).
   */
  record Suppressed(String check, String reason, Instant at) implements RecoveryEvent {}

  /**
   * The suppression said by the last {@link Suppressed} is over: its reason no longer holds, or an
   * action starts.
   */
  record SuppressionEnded(String check, String reason, Instant at) implements RecoveryEvent {}

  /** An operator lifted the check's quarantine; {@code by} says who (e.g. token@10.0.0.7). */
  record QuarantineLifted(String check, String by, Instant at) implements RecoveryEvent {}

  /** Healing gave up (breaker open, budget spent, ladder exhausted): the check is quarantined. */
  record GaveUp(String check, String reason, Instant at) implements RecoveryEvent {}

  /** After sustained health the ladder and its counters started over. */
  record Reset(String check, Instant at) implements RecoveryEvent {}
}
