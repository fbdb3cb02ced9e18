package io.vigil.store.internal;

import io.vigil.core.Ticker;
import io.vigil.store.MaintenanceReport;
import io.vigil.store.Resolution;
import io.vigil.store.Retention;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Maintenance: folds per-minute rollups older than {@link Retention#minutes()} into hourly ones and
 * hourly ones older than {@link Retention#hours()} into daily ones (whole coarse buckets only, a
 * bounded span per transaction), then deletes what is past its retention. Passes never overlap.
 */
final class Compactor {

  private static final Duration MINUTE_CHUNK = Duration.ofHours(6);
  private static final Duration HOUR_CHUNK = Duration.ofDays(7);

  private final Database db;
  private final Retention retention;
  private final Ticker ticker;
  private final ReentrantLock running = new ReentrantLock();

  Compactor(Database db, Retention retention, Ticker ticker) {
    this.db = db;
    this.retention = retention;
    this.ticker = ticker;
  }

  MaintenanceReport run() throws SQLException {
    running.lock();
    try {
      long now = ticker.wallTime().toEpochMilli();
      long minutes =
          compact(Resolution.MINUTE, Resolution.HOUR, now - retention.minutes().toMillis());
      long hours = compact(Resolution.HOUR, Resolution.DAY, now - retention.hours().toMillis());
      long days =
          delete(
              "DELETE FROM check_rollups WHERE resolution = 'day' AND bucket_ms < ?",
              now - retention.days().toMillis());
      long transitions =
          delete(
              "DELETE FROM check_transitions WHERE at_ms < ?",
              now - retention.transitions().toMillis());
      long tasks =
          delete(
              "DELETE FROM tasks WHERE status IN ('succeeded', 'failed', 'dead')"
                  + " AND finished_ms < ?",
              now - retention.tasks().toMillis());
      long recovery =
          delete(
              "DELETE FROM recovery_events WHERE at_ms < ?",
              now - retention.transitions().toMillis());
      return new MaintenanceReport(minutes, hours, days, transitions, tasks, recovery);
    } finally {
      running.unlock();
    }
  }

  /** Folds rows of {@code fine} in whole {@code coarse} buckets that end before {@code before}. */
  private long compact(Resolution fine, Resolution coarse, long before) throws SQLException {
    long width = coarse.width().toMillis();
    long cutoff = Math.floorDiv(before, width) * width;
    long chunk = (fine == Resolution.MINUTE ? MINUTE_CHUNK : HOUR_CHUNK).toMillis();
    long folded = 0;
    while (true) {
      long oldest = oldest(fine, cutoff);
      if (oldest == Long.MAX_VALUE) {
        return folded;
      }
      long end = Math.min(cutoff, Math.floorDiv(oldest, width) * width + chunk);
      folded += db.write(c -> fold(c, fine, coarse, oldest, end));
    }
  }

  private long oldest(Resolution fine, long cutoff) throws SQLException {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT MIN(bucket_ms) FROM check_rollups WHERE resolution = ? AND bucket_ms < ?")) {
            ps.setString(1, fine.id());
            ps.setLong(2, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
              long min = rs.next() ? rs.getLong(1) : 0;
              return rs.wasNull() ? Long.MAX_VALUE : min;
            }
          }
        });
  }

  private static long fold(Connection c, Resolution fine, Resolution coarse, long from, long to)
      throws SQLException {
    List<RollupRows.Stored> rows = RollupRows.read(c, fine, from, to);
    long width = coarse.width().toMillis();
    Map<String, RollupBuilder> merged = new LinkedHashMap<>();
    for (RollupRows.Stored s : rows) {
      long bucket = Math.floorDiv(s.rollup().start().toEpochMilli(), width) * width;
      merged
          .computeIfAbsent(
              s.rollup().check() + "@" + bucket,
              k ->
                  new RollupBuilder(
                      s.rollup().check(), coarse, java.time.Instant.ofEpochMilli(bucket)))
          .addRow(s.rollup(), s.histogram());
    }
    try (PreparedStatement ins = c.prepareStatement(RowWriter.INSERT_ROLLUP)) {
      for (RollupBuilder b : merged.values()) {
        RowWriter.bindRollup(ins, b.build(), b.histogram());
        ins.addBatch();
      }
      if (!merged.isEmpty()) {
        ins.executeBatch();
      }
    }
    try (PreparedStatement del =
        c.prepareStatement(
            "DELETE FROM check_rollups WHERE resolution = ? AND bucket_ms >= ? AND bucket_ms < ?")) {
      del.setString(1, fine.id());
      del.setLong(2, from);
      del.setLong(3, to);
      return del.executeUpdate();
    }
  }

  private long delete(String sql, long before) throws SQLException {
    return db.write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, before);
            return (long) ps.executeUpdate();
          }
        });
  }
}
