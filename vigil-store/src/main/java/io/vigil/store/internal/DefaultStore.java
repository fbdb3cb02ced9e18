package io.vigil.store.internal;

import io.vigil.core.HealthCheck;
import io.vigil.core.Monitor;
import io.vigil.core.Subscription;
import io.vigil.core.Ticker;
import io.vigil.store.CheckHistory;
import io.vigil.store.Engine;
import io.vigil.store.MaintenanceReport;
import io.vigil.store.Store;
import io.vigil.store.StoreConfig;
import io.vigil.store.StoreException;
import io.vigil.store.StoreStats;
import io.vigil.store.Trend;
import io.vigil.store.Uptime;
import io.vigil.store.outbox.Outbox;
import io.vigil.store.outbox.Silences;
import io.vigil.store.recovery.RecoveryStore;
import io.vigil.store.tasks.TaskQueue;
import io.vigil.store.tasks.Worker;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Store}: one {@link Database}, its writer, history queries and task queues. */
public final class DefaultStore implements Store {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultStore.class);

  /** How long {@link #close()} waits for queued rows to be written. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final StoreConfig config;
  private final Ticker ticker;
  private final Database db;
  private final String schemaVersion;
  private final MinuteAggregator minutes = new MinuteAggregator();
  private final StoreWriter writer;
  private final StoreHealthCheck healthCheck;
  private final HistoryQueries history;
  private final TrendQueries trends;
  private final Compactor compactor;
  private final JdbcRecoveryStore recovery;
  private final Thread maintenance;
  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private DefaultStore(StoreConfig config, Ticker ticker, Database db, String schemaVersion) {
    this.config = config;
    this.ticker = ticker;
    this.db = db;
    this.schemaVersion = schemaVersion;
    this.writer = new StoreWriter(db, config, ticker, minutes);
    this.healthCheck = new StoreHealthCheck(writer::stats, config.criticalAfter());
    this.history = new HistoryQueries(db);
    this.trends = new TrendQueries(db, config.trendFactor());
    this.compactor = new Compactor(db, config.retention(), ticker);
    this.recovery = new JdbcRecoveryStore(db, writer, ticker);
    this.maintenance =
        Thread.ofVirtual().name("vigil-store-maintenance").unstarted(this::maintenanceLoop);
  }

  /** Migrates the schema, opens the connections and starts the writer. */
  public static DefaultStore open(StoreConfig config, Ticker ticker) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(ticker, "ticker");
    Database.prepare(config);
    String version = Migrations.migrate(config);
    Database db;
    try {
      db = Database.open(config);
    } catch (RuntimeException e) {
      throw new StoreException(
          "store: cannot connect to " + config.engine().id() + " at " + config.maskedUrl(), e);
    }
    LOG.info(
        "event=store_opened engine={} url={} schema_version={}",
        config.engine().id(),
        config.maskedUrl(),
        version);
    DefaultStore store = new DefaultStore(config, ticker, db, version);
    store.writer.start();
    store.maintenance.start();
    return store;
  }

  @Override
  public Engine engine() {
    return db.engine();
  }

  @Override
  public String schemaVersion() {
    return schemaVersion;
  }

  @Override
  public Subscription attach(Monitor monitor) {
    return monitor.subscribe(new StoreListener(writer.queue(), minutes));
  }

  @Override
  public HealthCheck healthCheck() {
    return healthCheck;
  }

  @Override
  public StoreStats stats() {
    return writer.stats();
  }

  @Override
  public boolean flush(Duration timeout) {
    return writer.flush(timeout);
  }

  @Override
  public CheckHistory history(String check, Instant from, Instant to) {
    return history.history(check, from, to);
  }

  @Override
  public Uptime uptime(String check, Duration window) {
    Instant now = ticker.wallTime();
    return history.uptime(check, now.minus(window), now);
  }

  @Override
  public Trend trend(String check) {
    return trends.trend(check, ticker.wallTime());
  }

  @Override
  public MaintenanceReport maintain() {
    try {
      MaintenanceReport r = compactor.run();
      LOG.info(
          "event=store_maintenance minutes_compacted={} hours_compacted={} days_deleted={}"
              + " transitions_deleted={} tasks_deleted={} recovery_events_deleted={}",
          r.minutesCompacted(),
          r.hoursCompacted(),
          r.daysDeleted(),
          r.transitionsDeleted(),
          r.tasksDeleted(),
          r.recoveryEventsDeleted());
      return r;
    } catch (SQLException e) {
      throw new StoreException("store: maintenance failed", e);
    }
  }

  private void maintenanceLoop() {
    while (!closed.get()) {
      try {
        Thread.sleep(config.maintenanceInterval());
        maintain();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn(
            "event=store_maintenance_failed error=\"{}\"",
            io.vigil.core.Secrets.maskText(
                String.valueOf(e.getCause() == null ? e : e.getCause())));
      }
    }
  }

  @Override
  public Outbox outbox() {
    return new JdbcOutbox(db, ticker);
  }

  @Override
  public Silences silences() {
    return new JdbcSilences(db, ticker);
  }

  @Override
  public RecoveryStore recovery() {
    return recovery;
  }

  @Override
  public TaskQueue tasks(String queue) {
    return new JdbcTaskQueue(db, queue, ticker, workers::add, this::wakeWorkers);
  }

  /** A task was enqueued on {@code queue}: this process's workers of it claim at once. */
  private void wakeWorkers(String queue) {
    for (Worker w : workers) {
      if (w instanceof DefaultWorker d && d.queue().equals(queue)) {
        d.wake();
      }
    }
  }

  Database database() {
    return db;
  }

  Ticker ticker() {
    return ticker;
  }

  StoreConfig config() {
    return config;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    workers.forEach(Worker::close);
    maintenance.interrupt();
    try {
      maintenance.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.close(CLOSE_TIMEOUT);
    db.close();
    LOG.info("event=store_closed engine={}", db.engine().id());
  }
}
