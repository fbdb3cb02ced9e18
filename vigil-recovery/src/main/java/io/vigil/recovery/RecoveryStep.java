package io.vigil.recovery;

import java.time.Duration;
import java.util.Objects;

/**
 * One rung of a recovery ladder.
 *
 * @param name what the step does, e.g. {@code restart}
 * @param action the action
 * @param verify how long to wait for the check to be OK again before the step counts as failed;
 *     zero for a notification step (such as a log line) that the ladder passes straight through
 * @param repeat how many times the step may run before the ladder escalates (at least 1)
 * @param restart whether the step restarts something: it then counts against the restart budget and
 *     backs off exponentially
 * @param onSoft whether the step may act on a soft failure (by default only hard states heal)
 * @param timeout how long the action may take
 */
public record RecoveryStep(
    String name,
    RecoveryAction action,
    Duration verify,
    int repeat,
    boolean restart,
    boolean onSoft,
    Duration timeout) {

  /** Default verify window. */
  public static final Duration DEFAULT_VERIFY = Duration.ofSeconds(30);

  /** Default action timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** Validates. */
  public RecoveryStep {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(action, "action");
    if (repeat < 1) {
      throw new IllegalArgumentException("repeat must be at least 1, but was " + repeat);
    }
  }

  /** A step that runs once, verifies for 30 s, acts on hard failures only. */
  public static RecoveryStep of(String name, RecoveryAction action) {
    return new RecoveryStep(name, action, DEFAULT_VERIFY, 1, false, false, DEFAULT_TIMEOUT);
  }

  /** This step with another verify window. */
  public RecoveryStep verify(Duration window) {
    return new RecoveryStep(name, action, window, repeat, restart, onSoft, timeout);
  }

  /** This step allowed to run {@code times} before escalating. */
  public RecoveryStep repeat(int times) {
    return new RecoveryStep(name, action, verify, times, restart, onSoft, timeout);
  }

  /** This step counted as a restart (budget and backoff apply). */
  public RecoveryStep asRestart() {
    return new RecoveryStep(name, action, verify, repeat, true, onSoft, timeout);
  }

  /** This step allowed on soft failures. */
  public RecoveryStep onSoftFailures() {
    return new RecoveryStep(name, action, verify, repeat, restart, true, timeout);
  }
}
