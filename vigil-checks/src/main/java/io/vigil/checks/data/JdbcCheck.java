package io.vigil.checks.data;

import io.vigil.checks.Failures;
import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import io.vigil.core.Status;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Connects to a database by JDBC URL (any driver on the class path; PostgreSQL and MariaDB ship)
 * and either validates the connection or runs a query, optionally expecting its first value. For
 * PostgreSQL it can judge replication lag in seconds (0 on a primary).
 */
final class JdbcCheck implements HealthCheck {

  /**
   * The replay lag of a PostgreSQL standby in seconds: 0 on a primary and on a standby that has
   * replayed all it received (an idle primary must not look like lag), -1 when it cannot tell.
   */
  static final String POSTGRES_LAG =
      "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0"
          + " WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
          + " ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), -1) END";

  private final String url;
  private final Optional<String> user;
  private final Optional<String> password;
  private final Optional<String> query;
  private final Optional<String> expect;
  private final Optional<Thresholds> replicationLag;

  /** A check of the database at {@code url}. */
  JdbcCheck(
      String url,
      Optional<String> user,
      Optional<String> password,
      Optional<String> query,
      Optional<String> expect,
      Optional<Thresholds> replicationLag) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.query = query;
    this.expect = expect;
    this.replicationLag = replicationLag;
  }

  @Override
  public Result check(CheckContext ctx) {
    String target = Secrets.maskText(url);
    int seconds = (int) Math.max(1, ctx.remaining().toSeconds());
    Properties props = new Properties();
    user.ifPresent(u -> props.setProperty("user", u));
    password.ifPresent(p -> props.setProperty("password", p));
    timeouts(props, seconds);
    long t0 = System.nanoTime();
    try (Connection connection = DriverManager.getConnection(url, props)) {
      long connectMs = (System.nanoTime() - t0) / 1_000_000;
      Result result;
      if (query.isPresent()) {
        String value = firstValue(connection, query.get(), seconds);
        if (expect.isPresent() && !expect.get().equals(value)) {
          return Result.critical(
                  "query on "
                      + target
                      + " returned '"
                      + value
                      + "', expected '"
                      + expect.get()
                      + "'")
              .withDetail("target", target);
        }
        result = Result.ok("query on " + target + " returned '" + value + "'");
      } else if (connection.isValid(seconds)) {
        result = Result.ok("connected to " + target + " in " + connectMs + " ms");
      } else {
        return Result.critical("the connection to " + target + " is not valid");
      }
      result = result.withDetail("target", target).withDetail("connect_ms", connectMs);
      if (replicationLag.isPresent()) {
        double lag = Double.parseDouble(firstValue(connection, POSTGRES_LAG, seconds));
        Status status = lag < 0 ? Status.UNKNOWN : replicationLag.get().judge(lag);
        result =
            Result.of(
                    result.status().worse(status),
                    result.message() + String.format(Locale.ROOT, ", replication lag %.1f s", lag))
                .withDetails(result.details())
                .withDetail("replication_lag_seconds", lag);
      }
      return result;
    } catch (SQLException | NumberFormatException e) {
      return Failures.critical(target, e);
    }
  }

  private static String firstValue(Connection connection, String sql, int seconds)
      throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout(seconds);
      try (ResultSet rs = st.executeQuery(sql)) {
        return rs.next() ? String.valueOf(rs.getString(1)) : "";
      }
    }
  }

  /** Bounds connecting and reading by the run's deadline, in each driver's own terms. */
  private void timeouts(Properties props, int seconds) {
    if (url.startsWith("jdbc:postgresql:")) {
      props.putIfAbsent("connectTimeout", String.valueOf(seconds));
      props.putIfAbsent("socketTimeout", String.valueOf(seconds));
      props.putIfAbsent("loginTimeout", String.valueOf(seconds));
    } else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      props.putIfAbsent("connectTimeout", String.valueOf(seconds * 1000));
      props.putIfAbsent("socketTimeout", String.valueOf(seconds * 1000));
    }
  }
}
