package io.vigil.recovery;

import java.time.Instant;

/** Where a check's ladder is; every decision of the healer switches over it. */
sealed interface Phase {

  /** The name shown in the view. */
  RecoveryView.PhaseName name();

  /** Nothing running; acts when the check fails. */
  record Idle() implements Phase {
    @Override
    public RecoveryView.PhaseName name() {
      return RecoveryView.PhaseName.IDLE;
    }
  }

  /** The step's action runs (on its own thread) since {@code startedAt}. */
  record Running(RecoveryStep step, int attempt, Instant startedAt) implements Phase {
    @Override
    public RecoveryView.PhaseName name() {
      return RecoveryView.PhaseName.RUNNING;
    }
  }

  /**
   * The action was carried out; the check has until {@code until} to be OK again. A fresh run was
   * asked for once at the end of the window when {@code finalRunRequested}.
   */
  record Verifying(RecoveryStep step, Instant startedAt, Instant until, boolean finalRunRequested)
      implements Phase {
    @Override
    public RecoveryView.PhaseName name() {
      return RecoveryView.PhaseName.VERIFYING;
    }
  }

  /** An action is due but held back until {@code until}. */
  record Waiting(Instant until, WaitReason reason) implements Phase {
    @Override
    public RecoveryView.PhaseName name() {
      return RecoveryView.PhaseName.WAITING;
    }
  }

  /** Healing gave up; lifted after sustained health (or a half-open trial for an open breaker). */
  record Quarantined(QuarantineCause cause, Instant since) implements Phase {
    @Override
    public RecoveryView.PhaseName name() {
      return RecoveryView.PhaseName.QUARANTINED;
    }
  }

  /** Why a ladder waits. */
  enum WaitReason {
    /** A dependency or the check itself is being looked at again first. */
    DEPENDENCY,
    /** The target's restart backoff. */
    BACKOFF,
    /** The global cap of actions per minute. */
    RATE_CAP
  }
}
