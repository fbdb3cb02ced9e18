package io.vigil.core;

import java.time.Instant;

/**
 * The engine's two clocks, kept apart: monotonic time for intervals and deadlines (a wall-clock
 * jump neither stalls nor bursts checks) and wall time for timestamps people read. Inject a fake in
 * tests to drive every state machine without sleeping.
 */
public interface Ticker {

  /** Monotonic nanoseconds with an arbitrary origin, as {@link System#nanoTime()}. */
  long monotonicNanos();

  /** The current wall-clock time. */
  Instant wallTime();

  /** The system clocks. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

/** {@link System#nanoTime()} and {@link Instant#now()}. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long monotonicNanos() {
    return System.nanoTime();
  }

  @Override
  public Instant wallTime() {
    return Instant.now();
  }
}
