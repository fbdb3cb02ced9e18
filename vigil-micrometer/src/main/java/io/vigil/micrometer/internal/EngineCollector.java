package io.vigil.micrometer.internal;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vigil.core.LatencyHistogram;
import io.vigil.core.Monitor;
import io.vigil.core.RunStats;
import io.vigil.core.Status;
import java.util.List;
import java.util.Map;

/**
 * {@code vigil_check_runs_total{check,status}}, {@code vigil_check_duration_seconds{check}} and
 * {@code vigil_scheduler_lag_seconds}, built at scrape time from the engine's own counters: what
 * {@code /metrics} counts is what the engine counted, whatever the load. Removed checks disappear.
 */
final class EngineCollector implements MultiCollector {

  private static final double[] BOUNDS_SECONDS = bounds();

  private final Monitor monitor;

  /** Reads {@code monitor}'s counters at every scrape. */
  EngineCollector(Monitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, RunStats> stats = monitor.runStats();
    CounterSnapshot.Builder runs =
        CounterSnapshot.builder()
            .name("vigil_check_runs")
            .help("Finished runs of a check by result status");
    HistogramSnapshot.Builder durations =
        HistogramSnapshot.builder()
            .name("vigil_check_duration_seconds")
            .help("How long runs of a check take");
    stats.forEach(
        (check, s) -> {
          for (Status status : Status.values()) {
            long n = s.count(status);
            if (n > 0) {
              runs.dataPoint(
                  CounterSnapshot.CounterDataPointSnapshot.builder()
                      .labels(
                          Labels.of(
                              "check",
                              check,
                              "status",
                              status.name().toLowerCase(java.util.Locale.ROOT)))
                      .value(n)
                      .build());
            }
          }
          durations.dataPoint(histogram(s.latency(), Labels.of("check", check)));
        });
    HistogramSnapshot lag =
        HistogramSnapshot.builder()
            .name("vigil_scheduler_lag_seconds")
            .help("How late runs started compared with their due time")
            .dataPoint(histogram(monitor.stats().schedulerLag(), Labels.EMPTY))
            .build();
    return new MetricSnapshots(runs.build(), durations.build(), lag);
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(
        "vigil_check_runs", "vigil_check_duration_seconds", "vigil_scheduler_lag_seconds");
  }

  private static HistogramSnapshot.HistogramDataPointSnapshot histogram(
      LatencyHistogram h, Labels labels) {
    return HistogramSnapshot.HistogramDataPointSnapshot.builder()
        .labels(labels)
        .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS_SECONDS, h.counts()))
        .sum(h.sumNanos() / 1e9)
        .build();
  }

  private static double[] bounds() {
    List<java.time.Duration> bounds = LatencyHistogram.BOUNDS;
    double[] seconds = new double[bounds.size() + 1];
    for (int i = 0; i < bounds.size(); i++) {
      seconds[i] = bounds.get(i).toNanos() / 1e9;
    }
    seconds[bounds.size()] = Double.POSITIVE_INFINITY;
    return seconds;
  }
}
