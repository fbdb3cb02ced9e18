package io.vigil.store.internal;

import io.vigil.core.StateType;
import io.vigil.core.Status;
import io.vigil.store.CheckHistory;
import io.vigil.store.Resolution;
import io.vigil.store.Rollup;
import io.vigil.store.StoreException;
import io.vigil.store.Transition;
import io.vigil.store.TransitionKind;
import io.vigil.store.Uptime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** History and uptime of a check, read from transitions and rollups. */
final class HistoryQueries {

  private static final long WIDEST_MS = Resolution.DAY.width().toMillis();

  private final Database db;

  HistoryQueries(Database db) {
    this.db = db;
  }

  CheckHistory history(String check, Instant from, Instant to) {
    try {
      return db.read(
          c ->
              new CheckHistory(
                  check, from, to, transitions(c, check, from, to), rollups(c, check, from, to)));
    } catch (SQLException e) {
      throw new StoreException("store: reading the history of " + check + " failed", e);
    }
  }

  /**
   * Counts per status of the buckets that overlap {@code [from, to)}, summed by the database (the
   * same buckets {@link #rollups} returns, without reading them).
   */
  Uptime uptime(String check, Instant from, Instant to) {
    long fromMs = clampMs(from);
    String sql =
        "SELECT SUM(ok_count), SUM(warning_count), SUM(critical_count), SUM(unknown_count)"
            + " FROM check_rollups WHERE check_name = ? AND bucket_ms < ? AND ("
            + "(resolution = 'minute' AND bucket_ms > ?) OR (resolution = 'hour' AND bucket_ms > ?)"
            + " OR (resolution = 'day' AND bucket_ms > ?))";
    try {
      long[] n =
          db.read(
              c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                  ps.setString(1, check);
                  ps.setLong(2, clampMs(to));
                  ps.setLong(3, before(fromMs, Resolution.MINUTE));
                  ps.setLong(4, before(fromMs, Resolution.HOUR));
                  ps.setLong(5, before(fromMs, Resolution.DAY));
                  try (ResultSet rs = ps.executeQuery()) {
                    long[] sums = new long[4];
                    if (rs.next()) {
                      for (int i = 0; i < sums.length; i++) {
                        sums[i] = rs.getLong(i + 1);
                      }
                    }
                    return sums;
                  }
                }
              });
      return new Uptime(check, from, to, n[0], n[1], n[2], n[3]);
    } catch (SQLException e) {
      throw new StoreException("store: reading the uptime of " + check + " failed", e);
    }
  }

  /** The start of a bucket of {@code resolution} that ends at {@code ms}; no overflow. */
  private static long before(long ms, Resolution resolution) {
    long width = resolution.width().toMillis();
    return ms < Long.MIN_VALUE + width ? Long.MIN_VALUE : ms - width;
  }

  /** Merged buckets of the check that overlap {@code [from, to]}. */
  static List<Rollup> rollups(Connection c, String check, Instant from, Instant to)
      throws SQLException {
    long fromMs = clampMs(from);
    long toMs = clampMs(to);
    long readFrom = fromMs <= Long.MIN_VALUE + WIDEST_MS ? fromMs : fromMs - WIDEST_MS;
    List<RollupRows.Stored> rows = RollupRows.read(c, check, readFrom, toMs, false);
    if (RollupRows.sharesBuckets(rows)) {
      rows = RollupRows.read(c, check, readFrom, toMs, true); // rows to merge: their histograms
    }
    return RollupRows.mergeBuckets(rows).stream()
        .filter(r -> r.end().toEpochMilli() > fromMs)
        .toList();
  }

  private static List<Transition> transitions(Connection c, String check, Instant from, Instant to)
      throws SQLException {
    String sql =
        "SELECT at_ms, kind, from_status, from_type, to_status, to_type, critical,"
            + " consecutive_failures, message FROM check_transitions"
            + " WHERE check_name = ? AND at_ms >= ? AND at_ms <= ? ORDER BY at_ms, id";
    List<Transition> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, check);
      ps.setLong(2, clampMs(from));
      ps.setLong(3, clampMs(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Transition(
                  check,
                  Instant.ofEpochMilli(rs.getLong(1)),
                  TransitionKind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                  Optional.ofNullable(rs.getString(3)).map(Status::valueOf),
                  Optional.ofNullable(rs.getString(4)).map(StateType::valueOf),
                  Optional.ofNullable(rs.getString(5)).map(Status::valueOf),
                  Optional.ofNullable(rs.getString(6)).map(StateType::valueOf),
                  rs.getInt(7) != 0,
                  rs.getInt(8),
                  rs.getString(9)));
        }
      }
    }
    return out;
  }

  /** Epoch millis, with {@link Instant#MIN} and {@link Instant#MAX} clamped to the long range. */
  static long clampMs(Instant t) {
    if (t.isBefore(Instant.ofEpochMilli(Long.MIN_VALUE))) {
      return Long.MIN_VALUE;
    }
    if (t.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE))) {
      return Long.MAX_VALUE;
    }
    return t.toEpochMilli();
  }
}
