package io.vigil.store.tasks;

import java.time.Duration;
import java.util.Objects;

/**
 * How a type of task is run: its timeout, how many attempts it gets before the dead letter, and the
 * exponential backoff between attempts ({@code initialBackoff × 2^(attempt-1)}, capped).
 *
 * @param timeout longest an attempt may run; it is then interrupted and counts as failed
 * @param maxAttempts attempts before the task is dead (lost workers' attempts included)
 * @param initialBackoff wait before the second attempt
 * @param maxBackoff longest wait between attempts
 */
public record TaskPolicy(
    Duration timeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  /** An attempt may run 30 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** Five attempts, then the dead letter. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  /** One second before the second attempt, doubling each time. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);

  /** At most five minutes between attempts. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);

  /** Validates the values. */
  public TaskPolicy {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("task timeout must be positive, but was " + timeout);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "task maxAttempts must be at least 1, but was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "task backoff must be 0 <= initial <= max, but was "
              + initialBackoff
              + " and "
              + maxBackoff);
    }
  }

  /** 30 s timeout, 5 attempts, backoff 1 s doubling up to 5 min. */
  public static TaskPolicy defaults() {
    return new TaskPolicy(
        DEFAULT_TIMEOUT, DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
  }

  /** This policy with another timeout. */
  public TaskPolicy withTimeout(Duration value) {
    return new TaskPolicy(value, maxAttempts, initialBackoff, maxBackoff);
  }

  /** This policy with another number of attempts. */
  public TaskPolicy withMaxAttempts(int value) {
    return new TaskPolicy(timeout, value, initialBackoff, maxBackoff);
  }

  /** This policy with another backoff. */
  public TaskPolicy withBackoff(Duration initial, Duration max) {
    return new TaskPolicy(timeout, maxAttempts, initial, max);
  }

  /** The wait after the given failed attempt (1-based). */
  public Duration backoff(int attempt) {
    Duration d = initialBackoff.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 30));
    return d.compareTo(maxBackoff) > 0 || d.isNegative() ? maxBackoff : d;
  }
}
