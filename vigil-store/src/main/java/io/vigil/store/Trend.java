package io.vigil.store;

import java.time.Instant;
import java.util.List;

/**
 * Whether a check is getting worse: its last hour against its 7-day baseline (the 7 days before
 * that hour). It is {@code degrading} when the last hour's p95 latency or failure rate is worse
 * than the baseline's by {@link StoreConfig#trendFactor()} (a failure rate is compared with at
 * least 1 %, so a spotless baseline does not make one failure a trend). Both windows need {@value
 * #MIN_RUNS} runs or more to judge.
 *
 * @param check the check's name
 * @param degrading whether the last hour is worse than the baseline
 * @param reasons why, one line each (e.g. {@code "p95 latency 240.0 ms is 4.8x the baseline 50.0
 *     ms"}); empty when not degrading
 * @param recent the last hour
 * @param baseline the 7 days before it
 */
public record Trend(
    String check, boolean degrading, List<String> reasons, Window recent, Window baseline) {

  /** Fewest runs in each window for a judgement. */
  public static final int MIN_RUNS = 5;

  /** Copies the reasons. */
  public Trend {
    reasons = List.copyOf(reasons);
  }

  /**
   * The runs of one window.
   *
   * @param from the window's start
   * @param to the window's end
   * @param runs runs in the window
   * @param failureRate share of runs that did not end OK, in 0..1
   * @param p95Ms 95th percentile latency in milliseconds
   */
  public record Window(Instant from, Instant to, long runs, double failureRate, double p95Ms) {}
}
