package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.store.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Engine.class)
  void opensAnEmptyDatabaseAtTheLatestSchemaVersion(Engine engine) throws SQLException {
    try (TestDatabase db = TestDatabase.create(engine, dir);
        Store store = Store.open(db.config())) {
      assertThat(store.engine()).isEqualTo(engine);
      assertThat(store.schemaVersion()).isEqualTo("6");
      try (Connection c = db.connect()) {
        assertThat(tables(c))
            .contains(
                "check_transitions",
                "check_rollups",
                "tasks",
                "recovery_targets",
                "recovery_checks",
                "recovery_events",
                "alert_outbox",
                "alert_silences");
        if (engine == Engine.POSTGRESQL) {
          assertThat(tables(c))
              .contains(
                  "fleet_agents",
                  "fleet_partitions",
                  "fleet_leases",
                  "fleet_targets",
                  "fleet_actions",
                  "fleet_check_state");
        } else {
          assertThat(tables(c)).noneMatch(t -> t.startsWith("fleet_"));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void reopeningAnExistingDatabaseKeepsItsSchemaAndRows(Engine engine) throws SQLException {
    try (TestDatabase db = TestDatabase.create(engine, dir)) {
      Store.open(db.config()).close();
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        s.executeUpdate(
            "INSERT INTO check_transitions (check_name, at_ms, kind, to_status, to_type, critical,"
                + " consecutive_failures, message) VALUES ('db', 1, 'state', 'OK', 'HARD', 0, 0, '')");
      }
      try (Store again = Store.open(db.config());
          Connection c = db.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM check_transitions")) {
        assertThat(again.schemaVersion()).isEqualTo("6");
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void sqliteRunsInWalModeAndCreatesItsDirectory() throws SQLException {
    Path file = dir.resolve("data/sub/vigil.db");
    try (Store store = Store.open(StoreConfig.sqlite(file))) {
      assertThat(store.engine()).isEqualTo(Engine.SQLITE);
      assertThat(file).exists();
    }
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void engineIsChosenByTheUrlAndOtherUrlsAreRefusedWithoutEchoingThem() {
    assertThat(Engine.of("jdbc:sqlite:/tmp/x.db")).isEqualTo(Engine.SQLITE);
    assertThat(Engine.of("jdbc:postgresql://h/db")).isEqualTo(Engine.POSTGRESQL);
    assertThatThrownBy(() -> Engine.of("jdbc:mysql://u:hunter2@h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:mysql:")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void configReportsEveryInvalidSettingAndNeverShowsThePassword() {
    assertThatThrownBy(
            () ->
                StoreConfig.builder("jdbc:sqlite:x.db")
                    .poolSize(0)
                    .batchSize(0)
                    .trendFactor(1)
                    .build())
        .hasMessageContaining("store.poolSize must be at least 1, but was 0")
        .hasMessageContaining("store.batchSize")
        .hasMessageContaining("store.trendFactor");
    StoreConfig config =
        StoreConfig.builder("jdbc:postgresql://vigil:hunter2@db:5432/vigil?password=hunter2")
            .password("s3cret")
            .build();
    assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("s3cret");
  }

  @Test
  void unreachablePostgresFailsToOpenNamingTheEngineNotThePassword() {
    StoreConfig config =
        StoreConfig.builder("jdbc:postgresql://127.0.0.1:1/test")
            .user("vigil")
            .password("hunter2")
            .connectTimeout(java.time.Duration.ofSeconds(1))
            .build();
    assertThatThrownBy(() -> Store.open(config))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("postgresql")
        .hasMessageNotContaining("hunter2");
  }

  private static List<String> tables(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String schema = rs.getString("TABLE_SCHEM");
        if (schema == null || schema.startsWith("vigil_test_") || schema.equals("main")) {
          names.add(rs.getString("TABLE_NAME"));
        }
      }
    }
    return names;
  }
}
