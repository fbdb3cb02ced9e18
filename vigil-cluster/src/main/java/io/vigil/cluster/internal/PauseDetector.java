package io.vigil.cluster.internal;

/**
 * Notices that the monitor itself was paused: its own wake-up came later than the tick interval
 * plus the threshold. Every entry point asks it first (a tick, a heartbeat, a probe result), so the
 * pause is accounted for before any evidence gathered across it is judged, whichever thread runs
 * first after the pause. Not thread-safe: the engine's lock guards it.
 */
final class PauseDetector {

  private final long tickNanos;
  private final long thresholdNanos;
  private long lastTick;
  private long lastPauseEnd = Long.MIN_VALUE;
  private long pauses;
  private long longest;

  PauseDetector(long tickNanos, long thresholdNanos, long now) {
    this.tickNanos = tickNanos;
    this.thresholdNanos = thresholdNanos;
    this.lastTick = now;
  }

  /** Starts over at {@code now} (the monitor starts): the time before is no pause. */
  void reset(long now) {
    lastTick = now;
  }

  /** The monitor's own wake-up at {@code now}: the pause it ends, or 0. */
  long tick(long now) {
    long pause = observe(now);
    lastTick = now;
    return pause;
  }

  /**
   * Any other entry point at {@code now}: when the last wake-up is overdue by more than the
   * threshold, the monitor is paused or has just resumed; the pause is accounted for here, once.
   *
   * @return the pause in nanoseconds, or 0
   */
  long observe(long now) {
    long late = now - lastTick - tickNanos;
    if (late <= thresholdNanos) {
      return 0;
    }
    lastTick = now;
    lastPauseEnd = now;
    pauses++;
    longest = Math.max(longest, late);
    return late;
  }

  /** When the last pause was noticed; {@link Long#MIN_VALUE} before any. */
  long lastPauseEnd() {
    return lastPauseEnd;
  }

  long pauses() {
    return pauses;
  }

  long longest() {
    return longest;
  }
}
