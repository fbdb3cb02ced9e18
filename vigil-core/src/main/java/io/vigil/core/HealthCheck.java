package io.vigil.core;

/**
 * One health check: looks at a target and says how it is.
 *
 * <p>The engine calls it on a virtual thread, at most one run at a time per check, and interrupts
 * it at the deadline in {@link CheckContext}; a check should wait with {@link
 * CheckContext#sleep(java.time.Duration)} or interruptible I/O so it can be stopped. A check may
 * throw: the engine turns any exception or error into a {@link Status#CRITICAL} result naming it.
 */
@FunctionalInterface
public interface HealthCheck {

  /**
   * Runs the check once.
   *
   * @param ctx the run's name, deadline and an interruption-friendly way to wait
   * @return the outcome; the engine stamps latency and timestamp
   * @throws Exception any failure, reported as {@link Status#CRITICAL}
   */
  Result check(CheckContext ctx) throws Exception;
}
