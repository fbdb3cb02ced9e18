package io.vigil.store.internal;

import io.vigil.core.Ticker;
import io.vigil.store.StoreException;
import io.vigil.store.recovery.RecoveryRecord;
import io.vigil.store.recovery.RecoveryStore;
import io.vigil.store.recovery.SavedRecovery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@link RecoveryStore}: states are upserted by the writer ({@link StoreWriter#save}) or at
 * once ({@link #saveNow}); events go through the write queue with the transitions.
 */
final class JdbcRecoveryStore implements RecoveryStore {

  private final Database db;
  private final StoreWriter writer;
  private final Ticker ticker;

  JdbcRecoveryStore(Database db, StoreWriter writer, Ticker ticker) {
    this.db = db;
    this.writer = writer;
    this.ticker = ticker;
  }

  @Override
  public SavedRecovery load(String node) {
    Objects.requireNonNull(node, "node");
    try {
      return db.read(c -> new SavedRecovery(targets(c, node), checks(c, node)));
    } catch (SQLException e) {
      throw new StoreException("store: reading the recovery state of node " + node + " failed", e);
    }
  }

  private static Map<String, SavedRecovery.Target> targets(Connection c, String node)
      throws SQLException {
    Map<String, SavedRecovery.Target> out = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT target, restarts, next_restart_ms, breaker_open FROM recovery_targets"
                + " WHERE node = ? ORDER BY target")) {
      ps.setString(1, node);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String restarts = rs.getString(2);
          long next = rs.getLong(3);
          Optional<Instant> nextAt =
              rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next));
          out.put(
              rs.getString(1),
              new SavedRecovery.Target(
                  restarts.isEmpty()
                      ? List.of()
                      : Arrays.stream(restarts.split(","))
                          .map(t -> Instant.ofEpochMilli(Long.parseLong(t)))
                          .toList(),
                  nextAt,
                  rs.getInt(4) != 0));
        }
      }
    }
    return out;
  }

  private static Map<String, SavedRecovery.Check> checks(Connection c, String node)
      throws SQLException {
    Map<String, SavedRecovery.Check> out = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT check_name, step, quarantine_cause, quarantine_reason, quarantined_ms"
                + " FROM recovery_checks WHERE node = ? ORDER BY check_name")) {
      ps.setString(1, node);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String cause = rs.getString(3);
          Optional<SavedRecovery.Quarantine> quarantine =
              cause == null
                  ? Optional.empty()
                  : Optional.of(
                      new SavedRecovery.Quarantine(
                          cause,
                          Objects.requireNonNullElse(rs.getString(4), ""),
                          Instant.ofEpochMilli(rs.getLong(5))));
          out.put(rs.getString(1), new SavedRecovery.Check(rs.getInt(2), quarantine));
        }
      }
    }
    return out;
  }

  @Override
  public void save(String node, SavedRecovery changed) {
    rows(node, changed).forEach(writer::save);
  }

  @Override
  public void saveNow(String node, SavedRecovery entries) {
    try {
      db.write(
          c -> {
            RowWriter.upsertStates(c, rows(node, entries));
            return null;
          });
    } catch (SQLException e) {
      throw new StoreException("store: saving the recovery state of node " + node + " failed", e);
    }
  }

  private List<Row.StateRow> rows(String node, SavedRecovery state) {
    Objects.requireNonNull(node, "node");
    long now = ticker.wallTime().toEpochMilli();
    List<Row.StateRow> rows = new ArrayList<>();
    state.targets().forEach((name, t) -> rows.add(new Row.TargetStateRow(node, name, t, now)));
    state.checks().forEach((name, k) -> rows.add(new Row.CheckStateRow(node, name, k, now)));
    return rows;
  }

  @Override
  public void record(RecoveryRecord record) {
    writer.queue().offer(new Row.RecoveryRow(Objects.requireNonNull(record, "record")));
  }

  @Override
  public List<RecoveryRecord> records(String check, Instant from, Instant to) {
    String sql =
        "SELECT node, at_ms, kind, step, attempt, fencing_token, took_ms, message"
            + " FROM recovery_events WHERE check_name = ? AND at_ms >= ? AND at_ms <= ?"
            + " ORDER BY at_ms, id";
    try {
      return db.read(
          c -> {
            List<RecoveryRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              ps.setString(1, check);
              ps.setLong(2, HistoryQueries.clampMs(from));
              ps.setLong(3, HistoryQueries.clampMs(to));
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(record(rs, check));
                }
              }
            }
            return out;
          });
    } catch (SQLException e) {
      throw new StoreException("store: reading the recovery events of " + check + " failed", e);
    }
  }

  private static RecoveryRecord record(ResultSet rs, String check) throws SQLException {
    String node = rs.getString(1);
    Instant at = Instant.ofEpochMilli(rs.getLong(2));
    String kind = rs.getString(3);
    Optional<String> step = Optional.ofNullable(rs.getString(4));
    int attempt = rs.getInt(5);
    long token = rs.getLong(6);
    OptionalLong fencing = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(token);
    long took = rs.getLong(7);
    Optional<Duration> tookFor =
        rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(took));
    return new RecoveryRecord(
        node, check, at, kind, step, attempt, fencing, tookFor, rs.getString(8));
  }
}
