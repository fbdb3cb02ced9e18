package io.vigil.store.internal;

import io.vigil.store.Engine;
import io.vigil.store.StoreConfig;
import io.vigil.store.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The schema, managed by Flyway: {@code db/vigil/common} holds the migrations both engines share,
 * {@code db/vigil/sqlite} and {@code db/vigil/postgresql} those whose SQL differs (identity
 * columns). Versions are unique across the folders. The history table is {@value #TABLE}.
 */
final class Migrations {

  /** Flyway's history table. */
  static final String TABLE = "vigil_schema_history";

  private Migrations() {}

  /**
   * Brings the schema to the latest version.
   *
   * @return the schema version after migrating
   */
  static String migrate(StoreConfig config) {
    Engine engine = config.engine();
    try {
      Flyway flyway =
          Flyway.configure(Migrations.class.getClassLoader())
              .dataSource(source(config))
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
    } catch (RuntimeException e) {
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
