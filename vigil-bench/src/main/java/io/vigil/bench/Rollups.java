package io.vigil.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fills a store's tables the way a month of history leaves them (1 run per check every 10 s):
 * per-minute rollups for the last 48 hours, hourly ones before, a few transitions a day. Rows are
 * plausible (a few ms latency, rare failures) and in the store's own format.
 */
final class Rollups {

  private static final String INSERT_ROLLUP =
      "INSERT INTO check_rollups (check_name, resolution, bucket_ms, ok_count, warning_count,"
          + " critical_count, unknown_count, latency_min_ms, latency_sum_ms, latency_max_ms,"
          + " latency_p95_ms, latency_histogram) VALUES (?, ?, ?, ?, 0, ?, 0, ?, ?, ?, ?, ?)";

  private static final String INSERT_TRANSITION =
      "INSERT INTO check_transitions (check_name, at_ms, kind, from_status, from_type, to_status,"
          + " to_type, critical, consecutive_failures, message) VALUES (?, ?, 'state', ?, 'HARD',"
          + " ?, 'HARD', 0, 1, 'bench')";

  private Rollups() {}

  /**
   * Writes {@code checks} checks' history from {@code now - days} to {@code now}: minutes for the
   * last {@code minuteHours} hours, hours before, a transition every 4 hours.
   *
   * @return rows written
   */
  static long month(Connection c, int checks, Instant now, int days, int minuteHours)
      throws SQLException {
    c.setAutoCommit(false);
    long rows = 0;
    long minuteFrom = now.minus(Duration.ofHours(minuteHours)).toEpochMilli() / 60_000 * 60_000;
    long hourFrom = now.minus(Duration.ofDays(days)).toEpochMilli() / 3_600_000 * 3_600_000;
    try (PreparedStatement rollup = c.prepareStatement(INSERT_ROLLUP);
        PreparedStatement transition = c.prepareStatement(INSERT_TRANSITION)) {
      for (int i = 0; i < checks; i++) {
        String check = "check-" + i;
        for (long t = hourFrom; t < minuteFrom; t += 3_600_000) {
          add(rollup, check, "hour", t, 360);
          rows++;
        }
        for (long t = minuteFrom; t < now.toEpochMilli(); t += 60_000) {
          add(rollup, check, "minute", t, 6);
          rows++;
        }
        for (long t = hourFrom; t < now.toEpochMilli(); t += 4 * 3_600_000L) {
          transition.setString(1, check);
          transition.setLong(2, t + 1234);
          boolean down = (t / (4 * 3_600_000L)) % 2 == 0;
          transition.setString(3, down ? "OK" : "CRITICAL");
          transition.setString(4, down ? "CRITICAL" : "OK");
          transition.addBatch();
          rows++;
        }
        rollup.executeBatch();
        transition.executeBatch();
        if (i % 50 == 49) {
          c.commit();
        }
      }
    }
    c.commit();
    c.setAutoCommit(true);
    return rows;
  }

  private static void add(
      PreparedStatement ps, String check, String resolution, long bucket, int runs)
      throws SQLException {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int critical = r.nextInt(1000) == 0 ? 1 : 0;
    double min = 1.5 + r.nextDouble();
    double max = min + r.nextDouble() * 4;
    ps.setString(1, check);
    ps.setString(2, resolution);
    ps.setLong(3, bucket);
    ps.setLong(4, runs - critical);
    ps.setLong(5, critical);
    ps.setDouble(6, min);
    ps.setDouble(7, (min + max) / 2 * runs);
    ps.setDouble(8, max);
    ps.setDouble(9, max * 0.95);
    // Buckets of the store's log scale (0.1 ms * 2^(i/4)): 17 ~ 1.9 ms ... 23 ~ 5.4 ms.
    ps.setString(
        10,
        resolution.equals("minute")
            ? "18:" + (runs - 2) + ",20:1,22:1"
            : "17:" + runs / 4 + ",18:" + runs / 2 + ",20:" + (runs / 4 - 2) + ",23:2");
    ps.addBatch();
  }

  /** {@code count} per-minute rows of every check from {@code from} on (6 runs each). */
  static long minutes(Connection c, int checks, Instant from, int count) throws SQLException {
    c.setAutoCommit(false);
    long start = from.toEpochMilli() / 3_600_000 * 3_600_000;
    try (PreparedStatement rollup = c.prepareStatement(INSERT_ROLLUP)) {
      for (int i = 0; i < checks; i++) {
        for (int m = 0; m < count; m++) {
          add(rollup, "check-" + i, "minute", start + m * 60_000L, 6);
        }
        rollup.executeBatch();
      }
    }
    c.commit();
    c.setAutoCommit(true);
    return (long) checks * count;
  }
}
