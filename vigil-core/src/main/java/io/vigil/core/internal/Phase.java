package io.vigil.core.internal;

/** Where the engine is in its life; it moves forward only. */
enum Phase {
  /** Built; checks may be registered, nothing is scheduled. */
  NEW,
  /** Scheduling and running checks. */
  RUNNING,
  /** Stopped: nothing is scheduled any more but grace timers. */
  STOPPING
}
