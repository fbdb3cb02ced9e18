package io.vigil.bench;

import io.vigil.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A database for one benchmark run: a new SQLite file in a temporary directory, or a schema of its
 * own ({@code vigil_bench_<random>}) in a PostgreSQL given by {@code -Dvigil.bench.pg} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code -Dvigil.bench.pgUser}, default {@code
 * postgres}), dropped again by {@link #close()}.
 */
final class BenchDatabase implements AutoCloseable {

  static final String PG =
      System.getProperty("vigil.bench.pg", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String PG_USER = System.getProperty("vigil.bench.pgUser", "postgres");

  private final String engine;
  private final String url;
  private final Path dir;
  private final String schema;

  private BenchDatabase(String engine, String url, Path dir, String schema) {
    this.engine = engine;
    this.url = url;
    this.dir = dir;
    this.schema = schema;
  }

  /** {@code sqlite} or {@code postgresql}. */
  static BenchDatabase create(String engine) {
    try {
      return switch (engine) {
        case "sqlite" -> {
          Path dir = Files.createTempDirectory("vigil-bench-");
          yield new BenchDatabase(engine, "jdbc:sqlite:" + dir.resolve("vigil.db"), dir, "");
        }
        case "postgresql" -> {
          String schema =
              "vigil_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
          execute("CREATE SCHEMA " + schema);
          String sep = PG.contains("?") ? "&" : "?";
          yield new BenchDatabase(engine, PG + sep + "currentSchema=" + schema, null, schema);
        }
        default ->
            throw new IllegalArgumentException("engine: sqlite or postgresql, not " + engine);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(PG, PG_USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + PG + ": " + e.getMessage(), e);
    }
  }

  String engine() {
    return engine;
  }

  /** The store's configuration with the defaults. */
  StoreConfig.Builder builder() {
    StoreConfig.Builder b = StoreConfig.builder(url);
    return engine.equals("postgresql") ? b.user(PG_USER) : b;
  }

  /** A plain connection, for filling tables. */
  Connection connect() throws SQLException {
    return engine.equals("postgresql")
        ? DriverManager.getConnection(url, PG_USER, "")
        : DriverManager.getConnection(url);
  }

  @Override
  public void close() {
    if (engine.equals("postgresql")) {
      execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
