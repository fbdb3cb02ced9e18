package io.vigil.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.store.Engine;
import io.vigil.store.Store;
import io.vigil.store.testing.TestDatabase;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Flyway runs only when the schema is behind; a current schema opens without it. */
class MigrationsTest {

  private static final Pattern SCRIPT = Pattern.compile("V(\\d+)__.*\\.sql");

  @TempDir Path dir;

  @Test
  void theLatestVersionIsTheNewestScriptOfEitherEngine() throws Exception {
    for (Engine engine : Engine.values()) {
      int newest = 0;
      for (String folder : new String[] {"common", engine.id()}) {
        try (Stream<Path> scripts = Files.list(folder(folder))) {
          for (Path script : scripts.toList()) {
            Matcher m = SCRIPT.matcher(script.getFileName().toString());
            assertThat(m.matches()).as("migration file name %s", script).isTrue();
            newest = Math.max(newest, Integer.parseInt(m.group(1)));
          }
        }
      }
      assertThat(String.valueOf(newest)).as(engine.id()).isEqualTo(Migrations.LATEST);
    }
  }

  /**
   * Flyway would refuse this database (an applied script's checksum no longer matches): opening it
   * proves that a current schema is not handed to Flyway.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void aCurrentSchemaOpensWithoutFlyway(Engine engine) throws SQLException {
    try (TestDatabase db = TestDatabase.create(engine, dir)) {
      Store.open(db.config()).close();
      update(db, "UPDATE " + Migrations.TABLE + " SET checksum = 1 WHERE version = '1'");
      try (Store again = Store.open(db.config())) {
        assertThat(again.schemaVersion()).isEqualTo(Migrations.LATEST);
      }
    }
  }

  /** SQLite's V6 is empty, so it can be forgotten and applied again. */
  @Test
  void aSchemaBehindIsMigratedByFlyway() throws SQLException {
    try (TestDatabase db = TestDatabase.create(Engine.SQLITE, dir)) {
      Store.open(db.config()).close();
      update(db, "DELETE FROM " + Migrations.TABLE + " WHERE version = '6'");
      assertThat(Migrations.installedVersion(source(db))).contains("5");
      try (Store again = Store.open(db.config())) {
        assertThat(again.schemaVersion()).isEqualTo("6");
      }
      assertThat(Migrations.installedVersion(source(db))).contains("6");
    }
  }

  /**
   * A failed migration recorded after the newest one (say, a later version's, half applied) is not
   * skipped over: the store asks Flyway, whose answer (it ignores future migrations by default) is
   * the version the database reports.
   */
  @Test
  void aFailedMigrationAfterTheNewestGoesToFlyway() throws SQLException {
    try (TestDatabase db = TestDatabase.create(Engine.SQLITE, dir)) {
      Store.open(db.config()).close();
      update(
          db,
          "INSERT INTO "
              + Migrations.TABLE
              + " (installed_rank, version, description, type, script, checksum, installed_by,"
              + " execution_time, success) VALUES (99, '7', 'later', 'SQL', 'V7__later.sql', 0,"
              + " 'test', 0, 0)");
      assertThat(Migrations.installedVersion(source(db))).isEmpty();
      try (Store again = Store.open(db.config())) {
        // skipped, it would say 6, the last version that succeeded
        assertThat(again.schemaVersion()).isEqualTo("7");
      }
    }
  }

  @Test
  void aNewDatabaseHasNoInstalledVersion() throws SQLException {
    assertThat(
            Migrations.installedVersion(
                Database.sqliteSource("jdbc:sqlite:" + dir.resolve("new.db"), false)))
        .isEmpty();
  }

  private static javax.sql.DataSource source(TestDatabase db) {
    return Database.sqliteSource(db.config().url(), false);
  }

  private static void update(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      assertThat(s.executeUpdate(sql)).isEqualTo(1);
    }
  }

  private static Path folder(String name) throws URISyntaxException {
    return Path.of(Migrations.class.getResource("/db/vigil/" + name).toURI());
  }
}
