package io.vigil.store.internal;

import io.vigil.store.Resolution;
import io.vigil.store.Rollup;
import io.vigil.store.StoreException;
import io.vigil.store.Trend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trend signal: the last hour against the 7 days before it. The baseline of a check is kept for
 * {@link #BASELINE_REUSE}, so a check's trend asked again soon reads only its last hour.
 */
final class TrendQueries {

  static final Duration RECENT = Duration.ofHours(1);
  static final Duration BASELINE = Duration.ofDays(7);

  /** A failure rate is compared with at least this much (1 %). */
  static final double MIN_FAILURE_RATE = 0.01;

  /** A latency rise smaller than this (ms) is noise, whatever the factor. */
  static final double MIN_LATENCY_RISE_MS = 1.0;

  /**
   * A baseline (7 days) is read again at most this often per check: meanwhile its window lags the
   * recent hour by less than this, which changes nothing a 7-day baseline says.
   */
  static final Duration BASELINE_REUSE = Duration.ofMinutes(5);

  private static final int MAX_CACHED = 10_000;

  private final Database db;
  private final double factor;
  private final Map<String, Trend.Window> baselines = new ConcurrentHashMap<>();

  TrendQueries(Database db, double factor) {
    this.db = db;
    this.factor = factor;
  }

  Trend trend(String check, Instant now) {
    Instant split = now.minus(RECENT);
    Optional<Trend.Window> cached =
        Optional.ofNullable(baselines.get(check))
            .filter(w -> !w.to().isAfter(split) && w.to().isAfter(split.minus(BASELINE_REUSE)));
    Instant start = cached.map(w -> split).orElse(split.minus(BASELINE));
    RollupBuilder recent = new RollupBuilder(check, Resolution.MINUTE, split);
    RollupBuilder baseline = new RollupBuilder(check, Resolution.MINUTE, start);
    try {
      db.read(
          c -> {
            read(c, check, start.toEpochMilli(), now.toEpochMilli() + 1, split, recent, baseline);
            return null;
          });
    } catch (SQLException e) {
      throw new StoreException("store: reading the trend of " + check + " failed", e);
    }
    Trend.Window r = window(recent, split, now);
    Trend.Window b = cached.orElseGet(() -> remember(check, window(baseline, start, split)));
    List<String> reasons = reasons(r, b);
    return new Trend(check, !reasons.isEmpty(), reasons, r, b);
  }

  private Trend.Window remember(String check, Trend.Window baseline) {
    if (baselines.size() >= MAX_CACHED) {
      baselines.clear();
    }
    baselines.put(check, baseline);
    return baseline;
  }

  /**
   * Adds the check's rows of {@code [fromMs, toMs)} to {@code recent} (from {@code split} on) or
   * {@code baseline}, reading only what a window needs (counts, latency bounds and histogram).
   */
  private static void read(
      Connection c,
      String check,
      long fromMs,
      long toMs,
      Instant split,
      RollupBuilder recent,
      RollupBuilder baseline)
      throws SQLException {
    String sql =
        "SELECT bucket_ms, ok_count, warning_count, critical_count, unknown_count, latency_min_ms,"
            + " latency_max_ms, latency_histogram FROM check_rollups"
            + " WHERE check_name = ? AND bucket_ms >= ? AND bucket_ms < ?";
    long splitMs = split.toEpochMilli();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, check);
      ps.setLong(2, fromMs);
      ps.setLong(3, toMs);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long bucket = rs.getLong(1);
          Rollup row =
              new Rollup(
                  check,
                  Resolution.MINUTE,
                  Instant.ofEpochMilli(bucket),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  new Rollup.Latency(rs.getDouble(6), 0, 0, rs.getDouble(7)));
          (bucket >= splitMs ? recent : baseline).addRow(row, rs.getString(8));
        }
      }
    }
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
