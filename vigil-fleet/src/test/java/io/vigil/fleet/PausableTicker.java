package io.vigil.fleet;

import io.vigil.core.Ticker;
import java.time.Instant;

/**
 * The system clocks, except that {@link #pause()} stops the monotonic clock until {@link
 * #resume()}, when it jumps to real time: what a stalled process (a long GC, SIGSTOP) sees, so an
 * agent can still believe it acts while its lease has passed to a peer.
 */
final class PausableTicker implements Ticker {

  private volatile long pausedAt = -1;

  void pause() {
    pausedAt = System.nanoTime();
  }

  void resume() {
    pausedAt = -1;
  }

  @Override
  public long monotonicNanos() {
    long p = pausedAt;
    return p >= 0 ? p : System.nanoTime();
  }

  @Override
  public Instant wallTime() {
    return Instant.now();
  }
}
