package io.vigil.core;

/**
 * Whether a check's status is confirmed. A failure is {@link #SOFT} until {@code failureThreshold}
 * consecutive failures, then {@link #HARD}; reactions such as recovery and alerts act on hard
 * states.
 */
public enum StateType {
  /** Not yet confirmed: the check is retried at its retry interval. */
  SOFT,
  /** Confirmed by the thresholds. */
  HARD
}
