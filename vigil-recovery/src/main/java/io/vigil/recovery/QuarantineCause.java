package io.vigil.recovery;

/** Why healing gave up on a check. */
public enum QuarantineCause {
  /** The target's circuit breaker is open: recoveries kept failing; one trial after its wait. */
  BREAKER_OPEN,
  /** The target's restart budget is spent within its window. */
  BUDGET_SPENT,
  /** Every step of the ladder was tried and none restored health. */
  LADDER_EXHAUSTED
}
