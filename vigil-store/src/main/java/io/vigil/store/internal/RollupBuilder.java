package io.vigil.store.internal;

import io.vigil.core.Status;
import io.vigil.store.Resolution;
import io.vigil.store.Rollup;
import java.time.Instant;
import java.util.Arrays;

/**
 * Accumulates runs, or whole rollups, into one bucket. Keeps up to {@value #EXACT} raw latencies so
 * a minute's p95 is exact; beyond that (and when merging stored rows) it estimates from the
 * histogram. Not thread-safe.
 */
final class RollupBuilder {

  static final int EXACT = 256;

  private final String check;
  private final Resolution resolution;
  private final Instant start;
  private final long[] counts = new long[Status.values().length];
  private final LatencyHistogram histogram = new LatencyHistogram();
  private double[] raw = new double[8];
  private int rawCount;
  private boolean exact = true;
  private double min = Double.POSITIVE_INFINITY;
  private double max;
  private double sum;

  RollupBuilder(String check, Resolution resolution, Instant start) {
    this.check = check;
    this.resolution = resolution;
    this.start = start;
  }

  void addRun(Status status, double latencyMs) {
    counts[status.ordinal()]++;
    double ms = Math.max(0, latencyMs);
    histogram.add(ms);
    min = Math.min(min, ms);
    max = Math.max(max, ms);
    sum += ms;
    if (exact && rawCount < EXACT) {
      if (rawCount == raw.length) {
        raw = Arrays.copyOf(raw, raw.length * 2);
      }
      raw[rawCount++] = ms;
    } else {
      exact = false;
    }
  }

  /** Adds a stored row (its histogram encoded as in {@link LatencyHistogram#encode()}). */
  void addRow(Rollup row, String encodedHistogram) {
    long runs = row.runs();
    if (runs == 0) {
      return;
    }
    for (Status s : Status.values()) {
      counts[s.ordinal()] += row.count(s);
    }
    histogram.merge(LatencyHistogram.decode(encodedHistogram));
    min = Math.min(min, row.latency().minMs());
    max = Math.max(max, row.latency().maxMs());
    sum += row.latency().avgMs() * runs;
    exact = false;
  }

  long runs() {
    return Arrays.stream(counts).sum();
  }

  Rollup build() {
    long runs = runs();
    double p95 = runs == 0 ? 0 : exact ? exactP95() : clamp(histogram.quantile(0.95));
    Rollup.Latency latency =
        runs == 0 ? new Rollup.Latency(0, 0, 0, 0) : new Rollup.Latency(min, sum / runs, p95, max);
    return new Rollup(
        check,
        resolution,
        start,
        counts[Status.OK.ordinal()],
        counts[Status.WARNING.ordinal()],
        counts[Status.CRITICAL.ordinal()],
        counts[Status.UNKNOWN.ordinal()],
        latency);
  }

  String histogram() {
    return histogram.encode();
  }

  private double exactP95() {
    double[] sorted = Arrays.copyOf(raw, rawCount);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(0.95 * rawCount);
    return sorted[Math.max(0, rank - 1)];
  }

  private double clamp(double estimate) {
    return Math.max(min, Math.min(max, estimate));
  }
}
