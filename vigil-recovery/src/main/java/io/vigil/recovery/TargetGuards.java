package io.vigil.recovery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.vigil.core.Durations;
import io.vigil.recovery.internal.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The guards of one recovery target (what several checks of one service share): its restart budget
 * with exponential backoff and its circuit breaker (Resilience4j), fed each recovery's real outcome
 * and duration (from the action's start to the verdict). Budget and breaker state are kept in the
 * recovery state's entry for the target.
 */
final class TargetGuards {

  /** Recoveries are slow by nature (a verify window is 30 s): never count one as a slow call. */
  private static final Duration NEVER_SLOW = Duration.ofDays(3650);

  private final String target;
  private final Guards guards;
  private final StateStore.Target saved;
  private final CircuitBreaker breaker;

  TargetGuards(String target, Guards guards, StateStore.Target saved, Clock clock) {
    this.target = target;
    this.guards = guards;
    this.saved = saved;
    this.breaker =
        CircuitBreaker.of(
            target,
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(guards.breakerFailures())
                .minimumNumberOfCalls(guards.breakerFailures())
                .failureRateThreshold(100)
                .slowCallDurationThreshold(NEVER_SLOW)
                .waitDurationInOpenState(guards.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .build());
    if (saved.breakerOpen) {
      breaker.transitionToOpenState(); // open again after a restart; the wait starts over
    }
  }

  /** Why the restart budget is spent, when it is (restarts older than the window are dropped). */
  Optional<String> budgetSpent(Instant now) {
    long windowStart = now.minus(guards.restartWindow()).toEpochMilli();
    saved.restarts.removeIf(t -> t < windowStart);
    if (saved.restarts.size() < guards.restarts()) {
      return Optional.empty();
    }
    return Optional.of(
        "restart budget spent: "
            + saved.restarts.size()
            + " restarts within "
            + Durations.format(guards.restartWindow()));
  }

  /** Until when the next restart must wait, if it must. */
  Optional<Instant> backoffUntil(Instant now) {
    return now.toEpochMilli() < saved.nextRestartAt
        ? Optional.of(Instant.ofEpochMilli(saved.nextRestartAt))
        : Optional.empty();
  }

  /** Counts a restart started {@code now}; the next one waits twice as long (up to the max). */
  void restarted(Instant now) {
    saved.restarts.add(now.toEpochMilli());
    long doublings = Math.min(20, saved.restarts.size() - 1);
    Duration wait = guards.backoff().multipliedBy(1L << doublings);
    Duration capped = wait.compareTo(guards.maxBackoff()) > 0 ? guards.maxBackoff() : wait;
    saved.nextRestartAt = now.plus(capped).toEpochMilli();
  }

  /** Whether the breaker lets a recovery run (in half-open: the one trial). */
  boolean permit() {
    return breaker.tryAcquirePermission();
  }

  /** Why the breaker refused. */
  String openReason() {
    return "circuit breaker open for "
        + target
        + " after "
        + guards.breakerFailures()
        + " failed recoveries";
  }

  /** A recovery restored health after {@code took}. */
  void succeeded(Duration took) {
    breaker.onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
    persist();
  }

  /** A recovery failed after {@code took}. */
  void failed(Duration took, String reason) {
    breaker.onError(took.toNanos(), TimeUnit.NANOSECONDS, new RecoveryFailedException(reason));
    persist();
  }

  /** Sustained health: the budget, the backoff and the breaker start over. */
  void reset() {
    saved.restarts.clear();
    saved.nextRestartAt = 0;
    breaker.reset();
    persist();
  }

  /** Copies the breaker's state into the recovery state's entry. */
  void persist() {
    saved.breakerOpen = breaker.getState() == CircuitBreaker.State.OPEN;
  }

  BreakerState breakerState() {
    return switch (breaker.getState()) {
      case OPEN, FORCED_OPEN -> BreakerState.OPEN;
      case HALF_OPEN -> BreakerState.HALF_OPEN;
      case CLOSED, DISABLED, METRICS_ONLY -> BreakerState.CLOSED;
    };
  }

  int restartsInWindow() {
    return saved.restarts.size();
  }

  /** What the breaker records for a failed recovery. */
  static final class RecoveryFailedException extends RuntimeException {
    RecoveryFailedException(String reason) {
      super(reason, null, false, false);
    }
  }
}
