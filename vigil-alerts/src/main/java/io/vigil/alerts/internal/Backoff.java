package io.vigil.alerts.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter, capped: the n-th retry waits {@code initial × 2^(n-1)}, at most
 * {@code max}, times a random factor in [0.5, 1) so that sinks failing together do not retry
 * together.
 */
record Backoff(Duration initial, Duration max, DoubleSupplier random) {

  /** The wait before retry number {@code attempt} (1 for the first retry). */
  Duration delay(int attempt) {
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    long nanos = initial.toNanos();
    long capped =
        nanos > max.toNanos() >> shift ? max.toNanos() : Math.min(max.toNanos(), nanos << shift);
    double factor = 0.5 + 0.5 * random.getAsDouble();
    return Duration.ofNanos((long) (capped * factor));
  }
}
