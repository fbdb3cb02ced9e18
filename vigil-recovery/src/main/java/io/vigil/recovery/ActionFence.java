package io.vigil.recovery;

import java.util.function.LongSupplier;

/**
 * Gives each recovery action its fencing token, or refuses it. A single agent grants every action
 * the token it was given; in a fleet the grant is a transaction in PostgreSQL that checks this
 * agent still holds the target's lease, counts the fleet-wide restart budget and records the action
 * with its epoch (vigil-fleet). Called by the healer before an action starts, with the healer's
 * lock held: it must answer promptly and never throw (a fence that cannot decide refuses).
 */
@FunctionalInterface
public interface ActionFence {

  /**
   * Whether the action of {@code step} on {@code target} (for {@code check}) may start.
   *
   * @param guards the healer's guards: the restart budget and its window, for a fleet-wide count
   */
  Permit permit(String check, String target, RecoveryStep step, Guards guards);

  /** The answer of a fence. */
  sealed interface Permit {

    /** The action may start; {@code token} goes to the action (env, header) and its events. */
    record Granted(long token) implements Permit {}

    /** The action must not start; the ladder holds, saying why. */
    record Refused(String reason) implements Permit {}
  }

  /** Grants every action the current value of {@code token}: one agent on its own. */
  static ActionFence local(LongSupplier token) {
    return (check, target, step, guards) -> new Permit.Granted(token.getAsLong());
  }
}
