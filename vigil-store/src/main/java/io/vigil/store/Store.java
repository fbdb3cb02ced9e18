package io.vigil.store;

import io.vigil.core.Ticker;
import io.vigil.store.internal.DefaultStore;

/**
 * Vigil's store: history across restarts and the durable task queue, on SQLite or PostgreSQL.
 *
 * <pre>{@code
 * Store store = Store.open(StoreConfig.sqlite(dataDir.resolve("vigil.db")));
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} writes what is queued (briefly) and closes the connections.
 */
public interface Store extends AutoCloseable {

  /**
   * Opens the store with the system clocks: migrates the schema to the latest version and starts
   * the writer.
   *
   * @throws StoreException when the database cannot be reached or migrated
   */
  static Store open(StoreConfig config) {
    return open(config, Ticker.system());
  }

  /** Opens the store with the given clocks (a fake one in tests). */
  static Store open(StoreConfig config, Ticker ticker) {
    return DefaultStore.open(config, ticker);
  }

  /** The engine behind the store. */
  Engine engine();

  /** The schema version (Flyway's), e.g. {@code "3"}. */
  String schemaVersion();

  /** Writes what is queued (waiting briefly) and closes the connections; idempotent. */
  @Override
  void close();
}
