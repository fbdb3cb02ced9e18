package io.vigil.core.internal;

import io.vigil.core.LatencyHistogram;
import io.vigil.core.RunStats;
import io.vigil.core.Status;

/**
 * Counts results by status and durations into {@link LatencyHistogram}'s buckets; written under the
 * engine lock, read (copied) under it too. A few hundred bytes, allocated on first use.
 */
final class RunCounter {

  private final long[] byStatus = new long[Status.values().length];
  private final long[] buckets = new long[LatencyHistogram.BOUNDS.size() + 1];
  private long sumNanos;

  void add(Status status, long nanos) {
    byStatus[status.ordinal()]++;
    long n = Math.max(0, nanos);
    buckets[LatencyHistogram.bucketOf(n)]++;
    sumNanos += n;
  }

  LatencyHistogram histogram() {
    return new LatencyHistogram(buckets, sumNanos);
  }

  RunStats stats() {
    return new RunStats(
        byStatus[Status.OK.ordinal()],
        byStatus[Status.WARNING.ordinal()],
        byStatus[Status.CRITICAL.ordinal()],
        byStatus[Status.UNKNOWN.ordinal()],
        histogram());
  }
}
