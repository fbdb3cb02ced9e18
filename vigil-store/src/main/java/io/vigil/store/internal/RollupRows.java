package io.vigil.store.internal;

import io.vigil.store.Resolution;
import io.vigil.store.Rollup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads rollup rows and merges the rows of one bucket. */
final class RollupRows {

  /** A stored row with its encoded histogram. */
  record Stored(Rollup rollup, String histogram) {}

  private static final String SELECT =
      "SELECT check_name, resolution, bucket_ms, ok_count, warning_count, critical_count,"
          + " unknown_count, latency_min_ms, latency_sum_ms, latency_max_ms, latency_p95_ms,"
          + " latency_histogram FROM check_rollups";

  private RollupRows() {}

  /** Rows of the check whose buckets start in {@code [fromMs, toMs)}. */
  static List<Stored> read(Connection c, String check, long fromMs, long toMs) throws SQLException {
    return read(c, check, fromMs, toMs, true);
  }

  /**
   * As {@link #read(Connection, String, long, long)}; without {@code histograms} their column is
   * not read (each row's is empty): enough unless rows of one bucket are to be merged.
   */
  static List<Stored> read(Connection c, String check, long fromMs, long toMs, boolean histograms)
      throws SQLException {
    String sql =
        (histograms ? SELECT : SELECT.replace(", latency_histogram", ""))
            + " WHERE check_name = ? AND bucket_ms >= ? AND bucket_ms < ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, check);
      ps.setLong(2, fromMs);
      ps.setLong(3, toMs);
      return map(ps, histograms);
    }
  }

  /** Whether two rows are of the same bucket (an agent restarted within it): to be merged. */
  static boolean sharesBuckets(List<Stored> rows) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Stored s : rows) {
      if (!seen.add(s.rollup().resolution() + "@" + s.rollup().start().toEpochMilli())) {
        return true;
      }
    }
    return false;
  }

  /** Rows of one resolution whose buckets start in {@code [fromMs, toMs)}, every check. */
  static List<Stored> read(Connection c, Resolution resolution, long fromMs, long toMs)
      throws SQLException {
    String sql =
        SELECT
            + " WHERE resolution = ? AND bucket_ms >= ? AND bucket_ms < ?"
            + " ORDER BY check_name, bucket_ms";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, resolution.id());
      ps.setLong(2, fromMs);
      ps.setLong(3, toMs);
      return map(ps, true);
    }
  }

  private static List<Stored> map(PreparedStatement ps, boolean histograms) throws SQLException {
    List<Stored> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long runs = rs.getLong(4) + rs.getLong(5) + rs.getLong(6) + rs.getLong(7);
        Rollup r =
            new Rollup(
                rs.getString(1),
                Resolution.of(rs.getString(2)),
                Instant.ofEpochMilli(rs.getLong(3)),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getLong(7),
                new Rollup.Latency(
                    rs.getDouble(8),
                    runs == 0 ? 0 : rs.getDouble(9) / runs,
                    rs.getDouble(11),
                    rs.getDouble(10)));
        out.add(new Stored(r, histograms ? rs.getString(12) : ""));
      }
    }
    return out;
  }

  /** One rollup per (resolution, bucket), rows of the same bucket merged, oldest first. */
  static List<Rollup> mergeBuckets(List<Stored> rows) {
    Map<String, List<Stored>> byBucket = new LinkedHashMap<>();
    for (Stored s : rows) {
      byBucket
          .computeIfAbsent(
              s.rollup().resolution() + "@" + s.rollup().start(), k -> new ArrayList<>())
          .add(s);
    }
    List<Rollup> out = new ArrayList<>();
    for (List<Stored> group : byBucket.values()) {
      if (group.size() == 1) {
        out.add(group.getFirst().rollup());
      } else {
        Rollup first = group.getFirst().rollup();
        RollupBuilder b = new RollupBuilder(first.check(), first.resolution(), first.start());
        group.forEach(s -> b.addRow(s.rollup(), s.histogram()));
        out.add(b.build());
      }
    }
    out.sort(Comparator.comparing(Rollup::start).thenComparing(Rollup::resolution));
    return out;
  }
}
