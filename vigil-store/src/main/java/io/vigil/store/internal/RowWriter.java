package io.vigil.store.internal;

import io.vigil.store.Rollup;
import io.vigil.store.Transition;
import io.vigil.store.recovery.RecoveryRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Inserts rows in batches, in one transaction per call. */
final class RowWriter {

  static final String INSERT_TRANSITION =
      "INSERT INTO check_transitions (check_name, at_ms, kind, from_status, from_type, to_status,"
          + " to_type, critical, consecutive_failures, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String INSERT_ROLLUP =
      "INSERT INTO check_rollups (check_name, resolution, bucket_ms, ok_count, warning_count,"
          + " critical_count, unknown_count, latency_min_ms, latency_sum_ms, latency_max_ms,"
          + " latency_p95_ms, latency_histogram) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String INSERT_RECOVERY_EVENT =
      "INSERT INTO recovery_events (node, check_name, at_ms, kind, step, attempt, fencing_token,"
          + " took_ms, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String UPSERT_TARGET =
      "INSERT INTO recovery_targets (node, target, restarts, next_restart_ms, breaker_open,"
          + " updated_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (node, target) DO UPDATE SET"
          + " restarts = excluded.restarts, next_restart_ms = excluded.next_restart_ms,"
          + " breaker_open = excluded.breaker_open, updated_ms = excluded.updated_ms";

  static final String UPSERT_CHECK =
      "INSERT INTO recovery_checks (node, check_name, step, quarantine_cause, quarantine_reason,"
          + " quarantined_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node,"
          + " check_name) DO UPDATE SET step = excluded.step, quarantine_cause ="
          + " excluded.quarantine_cause, quarantine_reason = excluded.quarantine_reason,"
          + " quarantined_ms = excluded.quarantined_ms, updated_ms = excluded.updated_ms";

  private final Database db;

  RowWriter(Database db) {
    this.db = db;
  }

  /** Writes every row and state or none. */
  void write(List<Row> rows, Collection<Row.StateRow> states) throws SQLException {
    db.write(
        c -> {
          insertTransitions(c, rows);
          insertRollups(c, rows);
          insertRecoveryEvents(c, rows);
          upsertStates(c, states);
          return null;
        });
  }

  /** Runs {@code SELECT 1} in a write transaction: whether the database takes writes now. */
  void probe() throws SQLException {
    db.write(
        c -> {
          try (var s = c.createStatement()) {
            s.execute("SELECT 1");
          }
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

  private static void insertRecoveryEvents(Connection c, List<Row> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_RECOVERY_EVENT)) {
      int n = 0;
      for (Row row : rows) {
        if (row instanceof Row.RecoveryRow(RecoveryRecord r)) {
          ps.setString(1, r.node());
          ps.setString(2, r.check());
          ps.setLong(3, r.at().toEpochMilli());
          ps.setString(4, r.kind());
          ps.setString(5, r.step().orElse(null));
          ps.setInt(6, r.attempt());
          setLong(ps, 7, r.fencingToken().isPresent() ? r.fencingToken().getAsLong() : null);
          setLong(ps, 8, r.took().map(Duration::toMillis).orElse(null));
          ps.setString(9, r.message());
          ps.addBatch();
          n++;
        }
      }
      if (n > 0) {
        ps.executeBatch();
      }
    }
  }

  /** Replaces the stored recovery states with these. */
  static void upsertStates(Connection c, Collection<Row.StateRow> states) throws SQLException {
    if (states.isEmpty()) {
      return;
    }
    try (PreparedStatement targets = c.prepareStatement(UPSERT_TARGET);
        PreparedStatement checks = c.prepareStatement(UPSERT_CHECK)) {
      for (Row.StateRow state : states) {
        switch (state) {
          case Row.TargetStateRow t -> {
            targets.setString(1, t.node());
            targets.setString(2, t.target());
            targets.setString(
                3,
                t.state().restarts().stream()
                    .map(i -> Long.toString(i.toEpochMilli()))
                    .collect(Collectors.joining(",")));
            setLong(targets, 4, t.state().nextRestartAt().map(Instant::toEpochMilli).orElse(null));
            targets.setInt(5, t.state().breakerOpen() ? 1 : 0);
            targets.setLong(6, t.updatedMs());
            targets.executeUpdate();
          }
          case Row.CheckStateRow k -> {
            checks.setString(1, k.node());
            checks.setString(2, k.check());
            checks.setInt(3, k.state().step());
            checks.setString(4, k.state().quarantine().map(q -> q.cause()).orElse(null));
            checks.setString(5, k.state().quarantine().map(q -> q.reason()).orElse(null));
            setLong(
                checks, 6, k.state().quarantine().map(q -> q.since().toEpochMilli()).orElse(null));
            checks.setLong(7, k.updatedMs());
            checks.executeUpdate();
          }
        }
      }
    }
  }

  private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }
}
