package io.vigil.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Durations counted into fixed buckets (Prometheus' classic histogram): {@link #BOUNDS} are the
 * buckets' inclusive upper limits, and one more bucket counts everything above the last. Used for
 * run latencies ({@link RunStats}) and the scheduler's lag ({@link EngineStats}).
 *
 * @param counts how many durations fell into each bucket (not cumulative); {@code BOUNDS.size() +
 *     1} entries
 * @param sumNanos the sum of all durations counted, in nanoseconds
 */
public record LatencyHistogram(long[] counts, long sumNanos) {

  /** The buckets' upper limits, 100 µs to 60 s. */
  public static final List<Duration> BOUNDS =
      List.of(
          Duration.ofNanos(100_000),
          Duration.ofNanos(500_000),
          Duration.ofMillis(1),
          Duration.ofMillis(5),
          Duration.ofMillis(10),
          Duration.ofMillis(25),
          Duration.ofMillis(50),
          Duration.ofMillis(100),
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofMillis(2500),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60));

  private static final long[] BOUNDS_NANOS = BOUNDS.stream().mapToLong(Duration::toNanos).toArray();

  /** An empty histogram. */
  public static final LatencyHistogram EMPTY = new LatencyHistogram(new long[BOUNDS.size() + 1], 0);

  /** Copies the counts. */
  public LatencyHistogram {
    if (counts.length != BOUNDS.size() + 1) {
      throw new IllegalArgumentException(
          "counts has " + counts.length + " buckets, expected " + (BOUNDS.size() + 1));
    }
    counts = counts.clone();
  }

  /** The bucket a duration of {@code nanos} falls into. */
  public static int bucketOf(long nanos) {
    int i = 0;
    while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
      i++;
    }
    return i;
  }

  /** A copy of the counts per bucket. */
  @Override
  public long[] counts() {
    return counts.clone();
  }

  /** How many durations fell into bucket {@code i}. */
  public long count(int i) {
    return counts[i];
  }

  /** How many durations were counted. */
  public long count() {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  /**
   * The {@code q}-quantile (0..1), interpolated linearly inside its bucket as Prometheus' {@code
   * histogram_quantile} does; zero when empty, the last bound when it falls above it.
   */
  public Duration quantile(double q) {
    long total = count();
    if (total == 0) {
      return Duration.ZERO;
    }
    double rank = q * total;
    long below = 0;
    for (int i = 0; i < BOUNDS_NANOS.length; i++) {
      if (counts[i] > 0 && below + counts[i] >= rank) {
        long lower = i == 0 ? 0 : BOUNDS_NANOS[i - 1];
        double within = (rank - below) / counts[i];
        return Duration.ofNanos(lower + Math.round((BOUNDS_NANOS[i] - lower) * within));
      }
      below += counts[i];
    }
    return BOUNDS.getLast();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LatencyHistogram h
        && sumNanos == h.sumNanos
        && Arrays.equals(counts, h.counts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(counts) + Long.hashCode(sumNanos);
  }

  @Override
  public String toString() {
    return "LatencyHistogram[counts=" + Arrays.toString(counts) + ", sumNanos=" + sumNanos + "]";
  }
}
