package io.vigil.cluster;

import java.time.Duration;

/**
 * The outcome of one probe of a node.
 *
 * @param ok whether the node answered well
 * @param timedOut whether the probe failed by its deadline (such a failure is not counted when the
 *     monitor was paused meanwhile)
 * @param detail what happened, e.g. {@code HTTP 200}, {@code connection refused}
 * @param latency how long it took
 */
public record ProbeResult(boolean ok, boolean timedOut, String detail, Duration latency) {

  /** An answer. */
  public static ProbeResult ok(String detail, Duration latency) {
    return new ProbeResult(true, false, detail, latency);
  }

  /** A failure known at once (refused, reset, a bad status). */
  public static ProbeResult failed(String detail, Duration latency) {
    return new ProbeResult(false, false, detail, latency);
  }

  /** No answer within the deadline. */
  public static ProbeResult timedOut(Duration timeout) {
    return new ProbeResult(
        false, true, "timed out after " + io.vigil.core.Durations.format(timeout), timeout);
  }
}
