package io.vigil.store;

/** What a stored {@link Transition} records. */
public enum TransitionKind {
  /** The judged status or state type changed (soft/hard, stale is an UNKNOWN hard state). */
  STATE,
  /** The check started flapping. */
  FLAPPING_STARTED,
  /** The check stopped flapping. */
  FLAPPING_STOPPED
}
