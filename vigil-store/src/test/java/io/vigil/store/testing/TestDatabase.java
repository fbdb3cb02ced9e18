package io.vigil.store.testing;

import io.vigil.store.Engine;
import io.vigil.store.StoreConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database for one test: an SQLite file in the test's temporary directory, or a schema of its own
 * ({@code vigil_test_<random>}) in the machine's PostgreSQL (127.0.0.1:5432, database {@code test},
 * trust authentication), dropped by {@link #close()}. Nothing else on the shared server is touched.
 * When PostgreSQL is down the test fails saying how to start it.
 */
public final class TestDatabase implements AutoCloseable {

  public static final String PG_HOST = "127.0.0.1";
  public static final int PG_PORT = 5432;
  public static final String PG_USER = "postgres";
  private static final String PG_BASE = "jdbc:postgresql://" + PG_HOST + ":%d/test";

  private final Engine engine;
  private final String url;
  private final String schema;

  private TestDatabase(Engine engine, String url, String schema) {
    this.engine = engine;
    this.url = url;
    this.schema = schema;
  }

  /** A fresh database of the engine; SQLite lives in {@code dir}. */
  public static TestDatabase create(Engine engine, Path dir) {
    return switch (engine) {
      case SQLITE ->
          new TestDatabase(engine, "jdbc:sqlite:" + dir.resolve("vigil.db").toAbsolutePath(), "");
      case POSTGRESQL -> postgres();
    };
  }

  private static TestDatabase postgres() {
    requirePostgres();
    String schema = "vigil_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE SCHEMA " + schema);
    return new TestDatabase(
        Engine.POSTGRESQL, String.format(PG_BASE, PG_PORT) + "?currentSchema=" + schema, schema);
  }

  /** Fails with how to start PostgreSQL unless it accepts connections. */
  public static void requirePostgres() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(PG_HOST, PG_PORT), 2000);
    } catch (IOException e) {
      throw new AssertionError(
          "PostgreSQL is not answering on "
              + PG_HOST
              + ":"
              + PG_PORT
              + " ("
              + e.getMessage()
              + "); start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql)"
              + " main start");
    }
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(String.format(PG_BASE, PG_PORT), PG_USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError("PostgreSQL: " + sql + " failed: " + e.getMessage(), e);
    }
  }

  public Engine engine() {
    return engine;
  }

  public String url() {
    return url;
  }

  /** This database's URL on another port of 127.0.0.1 (e.g. a proxy in front of PostgreSQL). */
  public String urlOnPort(int port) {
    return String.format(PG_BASE, port) + "?currentSchema=" + schema;
  }

  /** A config builder for this database with the test user. */
  public StoreConfig.Builder builder() {
    return builder(url);
  }

  /** A config builder for the URL with the test user. */
  public StoreConfig.Builder builder(String jdbcUrl) {
    StoreConfig.Builder b =
        StoreConfig.builder(jdbcUrl).connectTimeout(java.time.Duration.ofSeconds(2));
    return engine == Engine.POSTGRESQL ? b.user(PG_USER) : b;
  }

  /** The defaults for this database. */
  public StoreConfig config() {
    return builder().build();
  }

  /** A plain connection, for assertions on rows. */
  public Connection connect() throws SQLException {
    return engine == Engine.POSTGRESQL
        ? DriverManager.getConnection(url, PG_USER, "")
        : DriverManager.getConnection(url);
  }

  /** Drops the test's PostgreSQL schema (SQLite files go with the temporary directory). */
  @Override
  public void close() {
    if (engine == Engine.POSTGRESQL) {
      execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
