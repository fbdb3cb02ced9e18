package io.vigil.store.internal;

import io.vigil.store.Rollup;
import io.vigil.store.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Inserts rows in batches, in one transaction per call. */
final class RowWriter {

  static final String INSERT_TRANSITION =
      "INSERT INTO check_transitions (check_name, at_ms, kind, from_status, from_type, to_status,"
          + " to_type, critical, consecutive_failures, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String INSERT_ROLLUP =
      "INSERT INTO check_rollups (check_name, resolution, bucket_ms, ok_count, warning_count,"
          + " critical_count, unknown_count, latency_min_ms, latency_sum_ms, latency_max_ms,"
          + " latency_p95_ms, latency_histogram) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final Database db;

  RowWriter(Database db) {
    this.db = db;
  }

  /** Writes every row or none. */
  void write(List<Row> rows) throws SQLException {
    db.write(
        c -> {
          insertTransitions(c, rows);
          insertRollups(c, rows);
          return null;
        });
  }

  private static void insertTransitions(Connection c, List<Row> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_TRANSITION)) {
      int n = 0;
      for (Row row : rows) {
        if (row instanceof Row.TransitionRow(Transition t)) {
          ps.setString(1, t.check());
          ps.setLong(2, t.at().toEpochMilli());
          ps.setString(3, t.kind().name().toLowerCase(java.util.Locale.ROOT));
          ps.setString(4, t.from().map(Enum::name).orElse(null));
          ps.setString(5, t.fromType().map(Enum::name).orElse(null));
          ps.setString(6, t.to().map(Enum::name).orElse(null));
          ps.setString(7, t.toType().map(Enum::name).orElse(null));
          ps.setInt(8, t.critical() ? 1 : 0);
          ps.setInt(9, t.consecutiveFailures());
          ps.setString(10, t.message());
          ps.addBatch();
          n++;
        }
      }
      if (n > 0) {
        ps.executeBatch();
      }
    }
  }

  private static void insertRollups(Connection c, List<Row> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_ROLLUP)) {
      int n = 0;
      for (Row row : rows) {
        if (row instanceof Row.RollupRow(Rollup r, String histogram)) {
          bindRollup(ps, r, histogram);
          ps.addBatch();
          n++;
        }
      }
      if (n > 0) {
        ps.executeBatch();
      }
    }
  }

  static void bindRollup(PreparedStatement ps, Rollup r, String histogram) throws SQLException {
    ps.setString(1, r.check());
    ps.setString(2, r.resolution().id());
    ps.setLong(3, r.start().toEpochMilli());
    ps.setLong(4, r.ok());
    ps.setLong(5, r.warning());
    ps.setLong(6, r.critical());
    ps.setLong(7, r.unknown());
    ps.setDouble(8, r.latency().minMs());
    ps.setDouble(9, r.latency().avgMs() * r.runs());
    ps.setDouble(10, r.latency().maxMs());
    ps.setDouble(11, r.latency().p95Ms());
    ps.setString(12, histogram);
  }
}
