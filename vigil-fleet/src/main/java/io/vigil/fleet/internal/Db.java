package io.vigil.fleet.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vigil.core.Secrets;
import io.vigil.fleet.FleetConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The fleet's connections: a small HikariCP pool (at most 3) that starts even when PostgreSQL is
 * down, with timeouts scaled to the lease so a round never hangs past it.
 */
public final class Db implements AutoCloseable {

  /** Connections at most: the renewal thread, two callers of fences and states, the pruner. */
  static final int MAX_POOL = 4;

  private final HikariDataSource pool;

  private Db(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Opens the pool without connecting (connections are made when first needed).
   *
   * @throws IllegalArgumentException when the URL is not PostgreSQL's
   */
  public static Db open(
      String url, Optional<String> user, Optional<String> password, FleetConfig config) {
    if (url == null || !url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("fleet needs store.url on PostgreSQL");
    }
    long connectMs = Math.clamp(config.renewEvery().toMillis(), 250, 5000);
    HikariConfig c = new HikariConfig();
    c.setPoolName("vigil-fleet");
    c.setJdbcUrl(url);
    user.ifPresent(c::setUsername);
    password.ifPresent(c::setPassword);
    c.setMaximumPoolSize(MAX_POOL);
    c.setMinimumIdle(1);
    c.setInitializationFailTimeout(-1); // start even when PostgreSQL is down
    c.setConnectionTimeout(connectMs);
    c.setValidationTimeout(connectMs);
    c.addDataSourceProperty("ApplicationName", "vigil-fleet");
    c.addDataSourceProperty("connectTimeout", seconds(Duration.ofMillis(connectMs)));
    // A statement stuck on a dead connection fails after the lease's lifetime at most.
    c.addDataSourceProperty("socketTimeout", seconds(config.ttl()));
    // An agent paused (SIGSTOP, a VM freeze) inside a transaction must not keep its row locks:
    // peers claim with SKIP LOCKED and would pass over its partitions. PostgreSQL ends such a
    // session after the safety margin, before the lease can be taken over; a fence waits for a
    // lock at most one renewal interval.
    c.addDataSourceProperty(
        "options",
        "-c idle_in_transaction_session_timeout="
            + config.safetyMargin().toMillis()
            + " -c lock_timeout="
            + config.renewEvery().toMillis());
    return new Db(new HikariDataSource(c));
  }

  private static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  /** Runs the work in one transaction, committing it, or rolling back on failure. */
  public <T> T tx(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      }
    }
  }

  /** Runs read-only work in autocommit mode. */
  public <T> T read(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(true);
      return work.run(c);
    }
  }

  /**
   * The cause of a failure in a few words, e.g. {@code PostgreSQL: Connection refused}: the
   * innermost message, first line only, credentials masked.
   */
  public static String describe(Throwable e) {
    Throwable root = e;
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      root = t;
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    if (message == null) {
      message = root.getClass().getSimpleName();
    } else if (root.getMessage() == null || root.getMessage().isBlank()) {
      message = firstLine(message) + " (" + root.getClass().getSimpleName() + ")";
    }
    message = firstLine(message);
    if (message.startsWith("ERROR: ")) {
      message = message.substring("ERROR: ".length());
    }
    return "PostgreSQL: " + Secrets.maskText(message);
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).strip();
  }

  @Override
  public void close() {
    pool.close();
  }
}
