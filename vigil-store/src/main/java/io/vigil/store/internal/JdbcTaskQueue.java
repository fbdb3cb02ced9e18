package io.vigil.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.Ticker;
import io.vigil.store.StoreException;
import io.vigil.store.tasks.Enqueued;
import io.vigil.store.tasks.Task;
import io.vigil.store.tasks.TaskHandler;
import io.vigil.store.tasks.TaskQueue;
import io.vigil.store.tasks.TaskStatus;
import io.vigil.store.tasks.Worker;
import io.vigil.store.tasks.WorkerSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TaskQueue} on plain JDBC; writes are synchronous (an enqueue is acknowledged once
 * stored).
 */
final class JdbcTaskQueue implements TaskQueue {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcTaskQueue.class);

  private final Database db;
  private final String name;
  private final Ticker ticker;
  private final Consumer<Worker> onStart;
  private final Consumer<String> wake;

  /**
   * The queue {@code name}; {@code onStart} gets the workers started from it, {@code wake} the
   * queue's name after each new task (to wake this process's workers of the queue).
   */
  JdbcTaskQueue(
      Database db, String name, Ticker ticker, Consumer<Worker> onStart, Consumer<String> wake) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("task queue name must not be blank");
    }
    this.db = db;
    this.name = name;
    this.ticker = ticker;
    this.onStart = onStart;
    this.wake = wake;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Enqueued enqueue(String type, JsonNode payload) {
    return insert(type, payload, null);
  }

  @Override
  public Enqueued enqueue(String type, JsonNode payload, String idempotencyKey) {
    return insert(type, payload, Objects.requireNonNull(idempotencyKey, "idempotencyKey"));
  }

  private Enqueued insert(String type, JsonNode payload, String key) {
    if (Objects.requireNonNull(type, "type").isBlank()) {
      throw new IllegalArgumentException("task type must not be blank");
    }
    String body = Json.write(payload == null ? Json.emptyObject() : payload);
    long now = ticker.wallTime().toEpochMilli();
    String sql = TaskSql.INSERT + (key == null ? "" : TaskSql.ON_CONFLICT) + " RETURNING id";
    try {
      Enqueued e =
          db.write(
              c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                  TaskSql.bind(ps, name, type, body, key, now, now, now);
                  try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                      return new Enqueued(rs.getLong(1), true);
                    }
                  }
                }
                return new Enqueued(existing(c, key), false);
              });
      LOG.info(
          "event=task_enqueued task={} queue={} type={} created={}",
          e.id(),
          name,
          type,
          e.created());
      if (e.created()) {
        wake.accept(name);
      }
      return e;
    } catch (SQLException e) {
      throw new StoreException("store: enqueueing a " + type + " task on " + name + " failed", e);
    }
  }

  private long existing(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(TaskSql.BY_KEY)) {
      TaskSql.bind(ps, name, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("idempotency key conflict without a task");
        }
        return rs.getLong(1);
      }
    }
  }

  @Override
  public Optional<Task> get(long id) {
    List<Task> found =
        query("SELECT " + TaskSql.COLUMNS + " FROM tasks WHERE id = ? AND queue = ?", id, name);
    return found.stream().findFirst();
  }

  @Override
  public List<Task> list(TaskStatus status, int limit) {
    return query(
        "SELECT "
            + TaskSql.COLUMNS
            + " FROM tasks WHERE queue = ? AND status = ? ORDER BY id LIMIT ?",
        name,
        status.id(),
        Math.max(0, limit));
  }

  @Override
  public long depth() {
    try {
      return db.read(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT count(*) FROM tasks WHERE queue = ? AND status = 'queued'")) {
              TaskSql.bind(ps, name);
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
              }
            }
          });
    } catch (SQLException e) {
      throw new StoreException("store: counting the tasks of " + name + " failed", e);
    }
  }

  private List<Task> query(String sql, Object... args) {
    try {
      return db.read(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              TaskSql.bind(ps, args);
              List<Task> out = new ArrayList<>();
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(TaskSql.map(rs));
                }
              }
              return out;
            }
          });
    } catch (SQLException e) {
      throw new StoreException("store: reading tasks of " + name + " failed", e);
    }
  }

  @Override
  public Worker startWorker(List<TaskHandler> handlers, WorkerSettings settings) {
    DefaultWorker worker = new DefaultWorker(db, name, ticker, handlers, settings);
    worker.start();
    onStart.accept(worker);
    return worker;
  }
}
