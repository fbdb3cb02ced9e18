package io.vigil.store.internal;

import java.util.Arrays;

/**
 * Counts of latencies on a fixed log scale: bucket {@code i} holds values up to {@code 0.1 ms ×
 * 2^(i/4)} (19 % wide), from 0.1 ms to beyond 10 minutes. Histograms of any two rollups merge by
 * adding counts, so compacted buckets keep an estimate of their p95. Not thread-safe.
 */
final class LatencyHistogram {

  static final int BUCKETS = 96;
  private static final double BASE_MS = 0.1;

  private final long[] counts;

  LatencyHistogram() {
    this(new long[BUCKETS]);
  }

  private LatencyHistogram(long[] counts) {
    this.counts = counts;
  }

  static int index(double ms) {
    if (!(ms > BASE_MS)) {
      return 0;
    }
    int i = (int) Math.ceil(4 * (Math.log(ms / BASE_MS) / Math.log(2)) - 1e-9);
    return Math.min(BUCKETS - 1, Math.max(0, i));
  }

  static double upperBound(int index) {
    return BASE_MS * Math.pow(2, index / 4.0);
  }

  void add(double ms) {
    counts[index(ms)]++;
  }

  void merge(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
  }

  long total() {
    return Arrays.stream(counts).sum();
  }

  /** The upper bound of the bucket holding the nearest-rank quantile, or 0 when empty. */
  double quantile(double q) {
    long total = total();
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return upperBound(BUCKETS - 1);
  }

  /** {@code "index:count"} pairs of the non-empty buckets, comma-separated. */
  String encode() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < BUCKETS; i++) {
      if (counts[i] > 0) {
        if (!sb.isEmpty()) {
          sb.append(',');
        }
        sb.append(i).append(':').append(counts[i]);
      }
    }
    return sb.toString();
  }

  /** Reads {@link #encode()}'s form; malformed pairs are skipped. */
  static LatencyHistogram decode(String text) {
    long[] counts = new long[BUCKETS];
    if (text != null && !text.isBlank()) {
      for (String pair : text.split(",")) {
        int colon = pair.indexOf(':');
        try {
          int i = Integer.parseInt(pair.substring(0, colon).trim());
          if (i >= 0 && i < BUCKETS) {
            counts[i] += Long.parseLong(pair.substring(colon + 1).trim());
          }
        } catch (RuntimeException e) {
          // a damaged pair costs one estimate, not the query
        }
      }
    }
    return new LatencyHistogram(counts);
  }
}
