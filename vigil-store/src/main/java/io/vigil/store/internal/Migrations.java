package io.vigil.store.internal;

import io.vigil.store.Engine;
import io.vigil.store.StoreConfig;
import io.vigil.store.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The schema, managed by Flyway: {@code db/vigil/common} holds the migrations both engines share,
 * {@code db/vigil/sqlite} and {@code db/vigil/postgresql} those whose SQL differs (identity
 * columns). Versions are unique across the folders. The history table is {@value #TABLE}. A
 * database whose history already records {@value #LATEST} is opened without Flyway: its class path
 * scan and several hundred classes are most of a restart's store opening.
 */
final class Migrations {

  /** Flyway's history table. */
  static final String TABLE = "vigil_schema_history";

  /** The newest migration's version (MigrationsTest checks it against the scripts). */
  static final String LATEST = "6";

  private Migrations() {}

  /**
   * Brings the schema to the latest version.
   *
   * @return the schema version after migrating
   */
  static String migrate(StoreConfig config) {
    Engine engine = config.engine();
    DataSource source = source(config);
    try {
      if (installedVersion(source).filter(LATEST::equals).isPresent()) {
        return LATEST;
      }
      Flyway flyway =
          Flyway.configure(Migrations.class.getClassLoader())
              .dataSource(source)
              .locations("classpath:db/vigil/common", "classpath:db/vigil/" + engine.id())
              .table(TABLE)
              .load();
      // The result says the version: a second pass (flyway.info()) would scan the class path again.
      MigrateResult result = flyway.migrate();
      String version =
          result.targetSchemaVersion != null
              ? result.targetSchemaVersion
              : result.initialSchemaVersion;
      return version == null ? "0" : version;
    } catch (RuntimeException | SQLException e) {
      throw new StoreException(
          "store: migrating the "
              + engine.id()
              + " schema at "
              + config.maskedUrl()
              + " failed: "
              + io.vigil.core.Secrets.maskText(String.valueOf(e.getMessage())),
          e);
    }
  }

  /**
   * The version of the migration the history table records last, if it succeeded; empty when the
   * connection's schema has no history table yet (a new database), the last one failed, or there is
   * none, and Flyway decides.
   *
   * @throws SQLException when the database cannot be reached or read
   */
  static Optional<String> installedVersion(DataSource source) throws SQLException {
    try (Connection c = source.getConnection()) {
      try (ResultSet tables =
          c.getMetaData().getTables(null, c.getSchema(), TABLE, new String[] {"TABLE"})) {
        if (!tables.next()) {
          return Optional.empty();
        }
      }
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT version, success FROM "
                      + TABLE
                      + " WHERE version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
        return rs.next() && rs.getBoolean(2)
            ? Optional.ofNullable(rs.getString(1))
            : Optional.empty();
      }
    }
  }

  private static DataSource source(StoreConfig config) {
    if (config.engine() == Engine.SQLITE) {
      return Database.sqliteSource(config.url(), false);
    }
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(config.url());
    config.user().ifPresent(pg::setUser);
    config.password().ifPresent(pg::setPassword);
    pg.setConnectTimeout((int) Math.max(1, config.connectTimeout().toSeconds()));
    return pg;
  }
}
