package io.vigil.recovery;

import java.time.Duration;
import java.util.List;

/**
 * How one check heals: a ladder of steps tried in order, each only when the previous one did not
 * restore health within its verify window.
 *
 * @param steps the ladder, first step first
 * @param resetAfter after the check has been OK this long, the ladder starts again from the first
 *     step and the counters reset
 * @param allowWhileFlapping whether to act while the check is flapping (default false)
 * @param target what the circuit breaker and the restart budget are keyed by (default: the check)
 */
public record RecoveryPolicy(
    List<RecoveryStep> steps, Duration resetAfter, boolean allowWhileFlapping, String target) {

  /** Default time of sustained health that resets the ladder. */
  public static final Duration DEFAULT_RESET_AFTER = Duration.ofMinutes(5);

  /** Copies the ladder. */
  public RecoveryPolicy {
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a recovery ladder needs at least one step");
    }
  }

  /** A ladder with the default reset time, not acting while flapping, keyed by the check. */
  public static RecoveryPolicy of(List<RecoveryStep> steps) {
    return new RecoveryPolicy(steps, DEFAULT_RESET_AFTER, false, "");
  }

  /** This policy with another reset time. */
  public RecoveryPolicy resetAfter(Duration value) {
    return new RecoveryPolicy(steps, value, allowWhileFlapping, target);
  }

  /** This policy keyed by another target (several checks of one service share guards). */
  public RecoveryPolicy target(String value) {
    return new RecoveryPolicy(steps, resetAfter, allowWhileFlapping, value);
  }

  /** This policy acting even while the check flaps. */
  public RecoveryPolicy allowWhileFlapping(boolean value) {
    return new RecoveryPolicy(steps, resetAfter, value, target);
  }
}
