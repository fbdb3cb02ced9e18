package io.vigil.recovery;

/** The state of a recovery target's circuit breaker. */
public enum BreakerState {
  /** Recoveries may run. */
  CLOSED,
  /** Recoveries kept failing: none runs until the breaker's wait is over. */
  OPEN,
  /** The wait is over: one trial recovery decides whether it closes again. */
  HALF_OPEN;

  /** The value of the {@code vigil_recovery_breaker_state} gauge: 0 closed, 1 open, 2 half-open. */
  public int gaugeValue() {
    return ordinal();
  }
}
