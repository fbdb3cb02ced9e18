package io.vigil.store.internal;

import io.vigil.core.Ticker;
import io.vigil.store.StoreException;
import io.vigil.store.outbox.Outbox;
import io.vigil.store.outbox.OutboxEntry;
import io.vigil.store.outbox.OutboxStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link Outbox} on plain JDBC; every write is synchronous (committed when it returns). */
final class JdbcOutbox implements Outbox {

  private static final String COLUMNS =
      "id, sink, idempotency_key, status, alerts, payload, attempts, created_ms, next_attempt_ms,"
          + " deadline_ms, sent_ms, last_error";

  private final Database db;
  private final Ticker ticker;

  JdbcOutbox(Database db, Ticker ticker) {
    this.db = db;
    this.ticker = ticker;
  }

  @Override
  public OutboxEntry add(
      String sink, String key, List<String> alerts, String payload, Instant deadline) {
    long now = ticker.wallTime().toEpochMilli();
    String sql =
        "INSERT INTO alert_outbox (sink, idempotency_key, status, alerts, payload, created_ms,"
            + " updated_ms, next_attempt_ms, deadline_ms) VALUES (?, ?, 'pending', ?, ?, ?, ?, ?,"
            + " ?) ON CONFLICT (sink, idempotency_key) DO NOTHING";
    return call(
        "write a notification",
        () ->
            db.write(
                c -> {
                  try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, sink);
                    ps.setString(2, key);
                    ps.setString(3, String.join(",", alerts));
                    ps.setString(4, payload);
                    ps.setLong(5, now);
                    ps.setLong(6, now);
                    ps.setLong(7, now);
                    ps.setLong(8, deadline.toEpochMilli());
                    ps.executeUpdate();
                  }
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT "
                              + COLUMNS
                              + " FROM alert_outbox WHERE sink = ? AND idempotency_key = ?")) {
                    ps.setString(1, sink);
                    ps.setString(2, key);
                    return rows(ps).getFirst();
                  }
                }));
  }

  @Override
  public List<OutboxEntry> unsent(String sink, int limit) {
    return call(
        "read unsent notifications",
        () ->
            db.read(
                c -> {
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT "
                              + COLUMNS
                              + " FROM alert_outbox WHERE sink = ? AND status IN ('pending',"
                              + " 'failed') ORDER BY id LIMIT ?")) {
                    ps.setString(1, sink);
                    ps.setInt(2, limit);
                    return rows(ps);
                  }
                }));
  }

  @Override
  public void sent(long id, Instant at) {
    update(
        "UPDATE alert_outbox SET status = 'sent', attempts = attempts + 1, sent_ms = ?,"
            + " updated_ms = ?, last_error = NULL WHERE id = ?",
        at.toEpochMilli(),
        at.toEpochMilli(),
        id);
  }

  @Override
  public void retry(long id, String error, Instant at, Instant nextAttempt) {
    updateWithError(
        "UPDATE alert_outbox SET status = 'failed', attempts = attempts + 1, last_error = ?,"
            + " updated_ms = ?, next_attempt_ms = ? WHERE id = ?",
        error,
        at.toEpochMilli(),
        nextAttempt.toEpochMilli(),
        id);
  }

  @Override
  public void dead(long id, String error, Instant at) {
    updateWithError(
        "UPDATE alert_outbox SET status = 'dead', attempts = attempts + 1, last_error = ?,"
            + " updated_ms = ?, next_attempt_ms = ? WHERE id = ?",
        error,
        at.toEpochMilli(),
        at.toEpochMilli(),
        id);
  }

  @Override
  public List<OutboxEntry> list(Optional<OutboxStatus> status, Optional<String> sink, int limit) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM alert_outbox WHERE (CAST(? AS TEXT) IS NULL OR status = ?) AND (CAST(? AS TEXT) IS NULL OR sink = ?)"
            + " ORDER BY id DESC LIMIT ?";
    String s = status.map(OutboxStatus::id).orElse(null);
    String k = sink.orElse(null);
    return call(
        "list notifications",
        () ->
            db.read(
                c -> {
                  try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, s);
                    ps.setString(2, s);
                    ps.setString(3, k);
                    ps.setString(4, k);
                    ps.setInt(5, limit);
                    return rows(ps);
                  }
                }));
  }

  @Override
  public Map<String, Map<OutboxStatus, Long>> counts() {
    return call(
        "count notifications",
        () ->
            db.read(
                c -> {
                  Map<String, Map<OutboxStatus, Long>> counts = new LinkedHashMap<>();
                  try (PreparedStatement ps =
                          c.prepareStatement(
                              "SELECT sink, status, COUNT(*) FROM alert_outbox GROUP BY sink,"
                                  + " status ORDER BY sink");
                      ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                      String sink = rs.getString(1);
                      Optional<OutboxStatus> status = OutboxStatus.of(rs.getString(2));
                      long count = rs.getLong(3);
                      status.ifPresent(
                          st ->
                              counts
                                  .computeIfAbsent(sink, x -> new LinkedHashMap<>())
                                  .put(st, count));
                    }
                  }
                  return counts;
                }));
  }

  @Override
  public int purge(Instant before) {
    return call(
        "purge notifications",
        () ->
            db.write(
                c -> {
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "DELETE FROM alert_outbox WHERE status IN ('sent', 'dead') AND"
                              + " updated_ms < ?")) {
                    ps.setLong(1, before.toEpochMilli());
                    return ps.executeUpdate();
                  }
                }));
  }

  private void update(String sql, long a, long b, long id) {
    call(
        "update a notification",
        () ->
            db.write(
                c -> {
                  try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, a);
                    ps.setLong(2, b);
                    ps.setLong(3, id);
                    return ps.executeUpdate();
                  }
                }));
  }

  private void updateWithError(String sql, String error, long at, long next, long id) {
    call(
        "update a notification",
        () ->
            db.write(
                c -> {
                  try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, error);
                    ps.setLong(2, at);
                    ps.setLong(3, next);
                    ps.setLong(4, id);
                    return ps.executeUpdate();
                  }
                }));
  }

  private static List<OutboxEntry> rows(PreparedStatement ps) throws SQLException {
    List<OutboxEntry> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long sent = rs.getLong(11);
        boolean hasSent = !rs.wasNull();
        String alerts = rs.getString(5);
        out.add(
            new OutboxEntry(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                OutboxStatus.of(rs.getString(4)).orElse(OutboxStatus.FAILED),
                alerts.isEmpty() ? List.of() : Arrays.asList(alerts.split(",")),
                rs.getString(6),
                rs.getInt(7),
                Instant.ofEpochMilli(rs.getLong(8)),
                Instant.ofEpochMilli(rs.getLong(9)),
                Instant.ofEpochMilli(rs.getLong(10)),
                hasSent ? Optional.of(Instant.ofEpochMilli(sent)) : Optional.empty(),
                Optional.ofNullable(rs.getString(12))));
      }
    }
    return out;
  }

  /** Runs SQL work, turning a failure into a {@link StoreException} saying what failed. */
  static <T> T call(String what, SqlCall<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw new StoreException("store: cannot " + what + ": " + e.getMessage(), e);
    }
  }

  /** SQL work that may fail. */
  @FunctionalInterface
  interface SqlCall<T> {
    T run() throws SQLException;
  }
}
