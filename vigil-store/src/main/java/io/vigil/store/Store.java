package io.vigil.store;

import io.vigil.core.HealthCheck;
import io.vigil.core.Monitor;
import io.vigil.core.Subscription;
import io.vigil.core.Ticker;
import io.vigil.store.internal.DefaultStore;
import io.vigil.store.outbox.Outbox;
import io.vigil.store.outbox.Silences;
import io.vigil.store.recovery.RecoveryStore;
import io.vigil.store.tasks.TaskQueue;
import java.time.Duration;
import java.time.Instant;

/**
 * Vigil's store: history across restarts, the healer's state and the durable task queue, on SQLite
 * or PostgreSQL.
 *
 * <pre>{@code
 * Store store = Store.open(StoreConfig.sqlite(dataDir.resolve("vigil.db")));
 * Subscription history = store.attach(monitor);
 * monitor.register(CheckSpec.builder("store").build(), store.healthCheck());
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

  /**
   * Records the monitor's transitions, flapping changes and per-minute rollups of its runs. The
   * listener only queues rows (bounded, oldest dropped first); one writer thread writes them in
   * batches, so a slow or unreachable database never delays the engine.
   *
   * @return the subscription; close it to stop recording
   */
  Subscription attach(Monitor monitor);

  /**
   * The {@code store} health check: OK while writes succeed; WARNING while they fail, while rows
   * are dropped or while the queue is more than half full; CRITICAL once writes have failed for
   * {@link StoreConfig#criticalAfter()}. It reads the writer's counters only and never touches the
   * database; the writer probes the database while it has nothing to write, so an outage counts as
   * failing writes even when no rows are waiting.
   */
  HealthCheck healthCheck();

  /** Live counters of the writer. */
  StoreStats stats();

  /**
   * Queues the current (partial) minutes and waits until everything queued is written.
   *
   * @return whether everything was written within the timeout
   */
  boolean flush(Duration timeout);

  /**
   * The check's transitions and rollups within {@code [from, to]}, as stored (across restarts).
   *
   * @throws StoreException when the database cannot be read
   */
  CheckHistory history(String check, Instant from, Instant to);

  /**
   * The share of the check's runs that were up over the window ending now.
   *
   * @throws StoreException when the database cannot be read
   */
  Uptime uptime(String check, Duration window);

  /**
   * Whether the check's last hour is worse than its 7-day baseline by {@link
   * StoreConfig#trendFactor()}: the {@code degrading} signal.
   *
   * @throws StoreException when the database cannot be read
   */
  Trend trend(String check);

  /**
   * Compacts rollups and deletes what is past its {@link Retention} now; the store also does this
   * every {@link StoreConfig#maintenanceInterval()}.
   *
   * @throws StoreException when the database cannot be written
   */
  MaintenanceReport maintain();

  /**
   * The healer's state (budgets, backoff, breakers, quarantines) and its events, per node: what the
   * agent keeps here instead of a state file.
   */
  RecoveryStore recovery();

  /** The {@value TaskQueue#DEFAULT_QUEUE} task queue. */
  default TaskQueue tasks() {
    return tasks(TaskQueue.DEFAULT_QUEUE);
  }

  /** The named task queue (queues share the {@code tasks} table). */
  TaskQueue tasks(String queue);

  /** The alert notifications written before they are sent (vigil-alerts). */
  Outbox outbox();

  /** The alert silences (vigil-alerts). */
  Silences silences();

  /**
   * Stops the workers started from this store, writes what is queued (waiting briefly) and closes
   * the connections; idempotent.
   */
  @Override
  void close();
}
