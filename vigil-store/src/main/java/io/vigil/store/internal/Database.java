package io.vigil.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vigil.store.Engine;
import io.vigil.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Connections to the store's database. SQLite: one writer connection (every write is serialised
 * through it, in WAL mode with {@code synchronous=NORMAL} and a busy timeout) and a small pool of
 * read-only connections. PostgreSQL: one HikariCP pool for both.
 */
final class Database implements AutoCloseable {

  /** How long SQLite waits for another process's lock before failing a statement. */
  static final int SQLITE_BUSY_TIMEOUT_MS = 5000;

  private final Engine engine;
  private final HikariDataSource writer;
  private final HikariDataSource reader;

  private Database(Engine engine, HikariDataSource writer, HikariDataSource reader) {
    this.engine = engine;
    this.writer = writer;
    this.reader = reader;
  }

  /** Opens the pools; fails when the database cannot be reached. */
  static Database open(StoreConfig config) {
    return switch (config.engine()) {
      case SQLITE -> openSqlite(config);
      case POSTGRESQL -> openPostgres(config);
    };
  }

  private static Database openSqlite(StoreConfig config) {
    HikariConfig w = base(config, "vigil-store-writer");
    w.setDataSource(sqliteSource(config.url(), false));
    w.setMaximumPoolSize(1);
    // Autocommit between transactions: with it off, sqlite-jdbc begins the next (IMMEDIATE)
    // transaction right after each commit, so an idle writer would hold the write lock and no
    // other process could ever write (nor migrate) the file.
    HikariConfig r = base(config, "vigil-store-reader");
    r.setDataSource(sqliteSource(config.url(), true));
    r.setMaximumPoolSize(config.poolSize());
    r.setMinimumIdle(1);
    r.setReadOnly(true);
    HikariDataSource writer = new HikariDataSource(w);
    try {
      return new Database(Engine.SQLITE, writer, new HikariDataSource(r));
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  private static Database openPostgres(StoreConfig config) {
    HikariConfig c = base(config, "vigil-store");
    c.setJdbcUrl(config.url());
    config.user().ifPresent(c::setUsername);
    config.password().ifPresent(c::setPassword);
    c.setMaximumPoolSize(config.poolSize());
    c.addDataSourceProperty("ApplicationName", "vigil");
    c.addDataSourceProperty("connectTimeout", Math.max(1, config.connectTimeout().toSeconds()));
    c.addDataSourceProperty("socketTimeout", 60);
    HikariDataSource pool = new HikariDataSource(c);
    return new Database(Engine.POSTGRESQL, pool, pool);
  }

  private static HikariConfig base(StoreConfig config, String name) {
    HikariConfig c = new HikariConfig();
    c.setPoolName(name);
    c.setConnectionTimeout(Math.max(250, config.connectTimeout().toMillis()));
    c.setValidationTimeout(Math.max(250, Math.min(5000, config.connectTimeout().toMillis())));
    return c;
  }

  static SQLiteDataSource sqliteSource(String url, boolean readOnly) {
    SQLiteConfig c = new SQLiteConfig();
    c.setJournalMode(SQLiteConfig.JournalMode.WAL);
    c.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    c.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
    c.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    c.setReadOnly(readOnly);
    SQLiteDataSource source = new SQLiteDataSource(c);
    source.setUrl(url);
    return source;
  }

  /** Creates the directory of an SQLite file when missing; nothing for PostgreSQL. */
  static void prepare(StoreConfig config) {
    if (config.engine() == Engine.SQLITE) {
      createParentDirectory(config.url());
    }
  }

  private static void createParentDirectory(String url) {
    String file = url.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    file = query < 0 ? file : file.substring(0, query);
    if (file.isEmpty()
        || file.startsWith(":memory:")
        || file.toLowerCase(Locale.ROOT).startsWith("file:")) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw new io.vigil.store.StoreException(
          "store: cannot create the directory " + parent + " for the SQLite file", e);
    }
  }

  Engine engine() {
    return engine;
  }

  /** Runs the work in one transaction on the writer, committing it, or rolling back on failure. */
  <T> T write(SqlWork<T> work) throws SQLException {
    try (Connection c = writer.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true); // ends the transaction sqlite-jdbc began after the commit
      }
    }
  }

  /** Runs read-only work on a reader connection. */
  <T> T read(SqlWork<T> work) throws SQLException {
    try (Connection c = reader.getConnection()) {
      return work.run(c);
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    if (reader != writer) {
      reader.close();
    }
    writer.close();
  }
}
