package io.vigil.core.internal;

import io.vigil.core.LatencyHistogram;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The scheduler's lateness per run, counted into {@link LatencyHistogram}'s buckets. Written under
 * the engine lock, read without it: {@code Monitor.stats()} serves liveness, which must answer even
 * when the engine is wedged holding its lock.
 */
final class LagCounter {

  private final AtomicLongArray buckets = new AtomicLongArray(LatencyHistogram.BOUNDS.size() + 1);
  private final AtomicLong sumNanos = new AtomicLong();

  void add(long nanos) {
    long n = Math.max(0, nanos);
    buckets.incrementAndGet(LatencyHistogram.bucketOf(n));
    sumNanos.addAndGet(n);
  }

  LatencyHistogram histogram() {
    long[] counts = new long[buckets.length()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = buckets.get(i);
    }
    return new LatencyHistogram(counts, sumNanos.get());
  }
}
