package io.vigil.fleet;

import java.time.Duration;

/**
 * Actions taken under a lease: each is granted in one transaction that checks the lease by
 * PostgreSQL's clock and records the action with its epoch, so a stalled agent whose lease passed
 * to a peer is refused. Never throws: a database error is a {@link Grant.Refused}.
 */
public interface Fence {

  /**
   * Asks to run a recovery step for {@code check} on {@code target}. In one transaction: checks
   * that this agent holds the lease of the check's partition (owner, epoch, not expired by
   * PostgreSQL's clock) and is {@linkplain Fleet#acting() acting}; when {@code restart}, locks the
   * target's row and counts its restarts fleet-wide within {@code window}, refused when there are
   * {@code budget} or more; records the action with the epoch; commits.
   *
   * @return {@link Grant.Granted} with the partition's epoch as token, or {@link Grant.Refused}
   *     saying why
   */
  Grant recovery(
      String target, String check, String step, boolean restart, int budget, Duration window);

  /**
   * Asks to send a notification about {@code target} under the singleton lease {@code lease} (e.g.
   * "alerts"): the same checks on the lease, then records the notification with its epoch.
   */
  Grant notification(String lease, String target, String detail);

  /** The answer. */
  sealed interface Grant {

    /**
     * Granted: go ahead. The token is the lease's epoch (fencing token), larger after takeovers.
     */
    record Granted(long token) implements Grant {}

    /** Refused, and why. */
    record Refused(String reason) implements Grant {}
  }
}
