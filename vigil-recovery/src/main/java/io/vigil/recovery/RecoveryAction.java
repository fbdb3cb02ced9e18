package io.vigil.recovery;

/**
 * One thing the healer can do about a failing check: reconnect, run a command, restart a process.
 * Throwing means the action failed; returning means it was carried out (whether it healed is judged
 * by the check within the step's verify window).
 */
@FunctionalInterface
public interface RecoveryAction {

  /** Carries out the action; throws when it could not. */
  void run(RecoveryContext ctx) throws Exception;
}
