package io.vigil.store.internal;

import io.vigil.store.Engine;
import io.vigil.store.tasks.Task;
import io.vigil.store.tasks.TaskStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;

/** The task queue's SQL, shared by both engines but for the claim's lock clause. */
final class TaskSql {

  static final String COLUMNS =
      "id, queue, type, payload, status, attempts, created_ms, updated_ms, run_at_ms, started_ms,"
          + " finished_ms, result, error, worker, idempotency_key";

  static final String INSERT =
      "INSERT INTO tasks (queue, type, payload, idempotency_key, status, attempts, created_ms,"
          + " updated_ms, run_at_ms) VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?)";

  static final String ON_CONFLICT = " ON CONFLICT (queue, idempotency_key) DO NOTHING";

  static final String BY_KEY = "SELECT id FROM tasks WHERE queue = ? AND idempotency_key = ?";

  static final String HEARTBEAT =
      "UPDATE tasks SET heartbeat_ms = ? WHERE worker = ? AND status = 'running'";

  static final String REAP =
      "UPDATE tasks SET status = 'queued', run_at_ms = ?, updated_ms = ?, heartbeat_ms = NULL,"
          + " error = 'worker ' || worker || ' lost: no heartbeat', worker = NULL"
          + " WHERE queue = ? AND status = 'running' AND heartbeat_ms < ?";

  /** Ends an attempt, only if this worker still holds it (the fencing condition). */
  static final String FINISH =
      "UPDATE tasks SET status = ?, result = ?, error = ?, finished_ms = ?, updated_ms = ?,"
          + " run_at_ms = ?, heartbeat_ms = NULL, attempts = attempts - ?"
          + " WHERE id = ? AND status = 'running' AND worker = ? AND attempts = ?";

  static final String RELEASE =
      "UPDATE tasks SET status = 'queued', attempts = attempts - 1, worker = NULL,"
          + " heartbeat_ms = NULL, updated_ms = ?, run_at_ms = ? WHERE worker = ? AND status = 'running'";

  private TaskSql() {}

  /** Claims up to {@code limit} due tasks of the types, returning them as now running. */
  static String claim(Engine engine, int types) {
    String lock = engine == Engine.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    return "UPDATE tasks SET status = 'running', attempts = attempts + 1, worker = ?,"
        + " started_ms = ?, heartbeat_ms = ?, updated_ms = ?"
        + " WHERE id IN (SELECT id FROM tasks WHERE queue = ? AND status = 'queued'"
        + " AND run_at_ms <= ? AND type IN ("
        + String.join(", ", Collections.nCopies(types, "?"))
        + ") ORDER BY run_at_ms, id LIMIT ?"
        + lock
        + ") RETURNING "
        + COLUMNS;
  }

  static Task map(ResultSet rs) throws SQLException {
    return new Task(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        Json.read(rs.getString(4)),
        TaskStatus.of(rs.getString(5)),
        rs.getInt(6),
        Instant.ofEpochMilli(rs.getLong(7)),
        Instant.ofEpochMilli(rs.getLong(8)),
        Instant.ofEpochMilli(rs.getLong(9)),
        instant(rs, 10),
        instant(rs, 11),
        Optional.ofNullable(rs.getString(12)).map(Json::read),
        Optional.ofNullable(rs.getString(13)),
        Optional.ofNullable(rs.getString(14)),
        Optional.ofNullable(rs.getString(15)));
  }

  private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
    long ms = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ms));
  }

  static void bind(PreparedStatement ps, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      ps.setObject(i + 1, values[i]);
    }
  }
}
