package io.vigil.store.internal;

import io.vigil.store.Resolution;
import io.vigil.store.StoreException;
import io.vigil.store.Trend;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The trend signal: the last hour against the 7 days before it. */
final class TrendQueries {

  static final Duration RECENT = Duration.ofHours(1);
  static final Duration BASELINE = Duration.ofDays(7);

  /** A failure rate is compared with at least this much (1 %). */
  static final double MIN_FAILURE_RATE = 0.01;

  /** A latency rise smaller than this (ms) is noise, whatever the factor. */
  static final double MIN_LATENCY_RISE_MS = 1.0;

  private final Database db;
  private final double factor;

  TrendQueries(Database db, double factor) {
    this.db = db;
    this.factor = factor;
  }

  Trend trend(String check, Instant now) {
    Instant split = now.minus(RECENT);
    Instant start = split.minus(BASELINE);
    List<RollupRows.Stored> rows;
    try {
      rows = db.read(c -> RollupRows.read(c, check, start.toEpochMilli(), now.toEpochMilli() + 1));
    } catch (SQLException e) {
      throw new StoreException("store: reading the trend of " + check + " failed", e);
    }
    RollupBuilder recent = new RollupBuilder(check, Resolution.MINUTE, split);
    RollupBuilder baseline = new RollupBuilder(check, Resolution.MINUTE, start);
    for (RollupRows.Stored s : rows) {
      boolean isRecent = !s.rollup().start().isBefore(split);
      (isRecent ? recent : baseline).addRow(s.rollup(), s.histogram());
    }
    Trend.Window r = window(recent, split, now);
    Trend.Window b = window(baseline, start, split);
    List<String> reasons = reasons(r, b);
    return new Trend(check, !reasons.isEmpty(), reasons, r, b);
  }

  private List<String> reasons(Trend.Window r, Trend.Window b) {
    List<String> reasons = new ArrayList<>();
    if (r.runs() < Trend.MIN_RUNS || b.runs() < Trend.MIN_RUNS) {
      return reasons;
    }
    if (r.p95Ms() > b.p95Ms() * factor && r.p95Ms() - b.p95Ms() >= MIN_LATENCY_RISE_MS) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "p95 latency %.1f ms is %.1fx the 7-day baseline %.1f ms",
              r.p95Ms(),
              b.p95Ms() == 0 ? Double.POSITIVE_INFINITY : r.p95Ms() / b.p95Ms(),
              b.p95Ms()));
    }
    double floor = Math.max(b.failureRate(), MIN_FAILURE_RATE);
    if (r.failureRate() > floor * factor) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "failure rate %.1f%% is above %.1fx the 7-day baseline %.1f%%",
              100 * r.failureRate(),
              factor,
              100 * b.failureRate()));
    }
    return reasons;
  }

  private static Trend.Window window(RollupBuilder b, Instant from, Instant to) {
    var rollup = b.build();
    long runs = rollup.runs();
    double failures = runs - rollup.ok();
    return new Trend.Window(
        from, to, runs, runs == 0 ? 0 : failures / runs, rollup.latency().p95Ms());
  }
}
