package io.vigil.store.internal;

import io.vigil.core.Secrets;
import io.vigil.core.Ticker;
import io.vigil.store.StoreConfig;
import io.vigil.store.StoreStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes history: takes batches from the {@link WriteQueue} (and closed minutes
 * from the {@link MinuteAggregator}) with the recovery states waiting in the {@link StateSlots},
 * writes each in one transaction, and on failure puts the batch back and backs off (up to 5 s)
 * while the queue keeps accepting rows and drops the oldest. While it has nothing to write it
 * probes the database (a {@code SELECT 1} in a write transaction, every {@link #probeInterval}), so
 * an outage is seen, and the {@code store} check turns CRITICAL, even when no rows are waiting.
 */
final class StoreWriter {

  private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /** The longest the writer stays idle without probing the database. */
  static final Duration MAX_PROBE_INTERVAL = Duration.ofSeconds(5);

  private static final long NONE = Long.MIN_VALUE;

  private final WriteQueue queue;
  private final StateSlots states = new StateSlots();
  private final MinuteAggregator minutes;
  private final RowWriter rows;
  private final Ticker ticker;
  private final StoreConfig config;
  private final String engine;
  private final Thread thread;
  private volatile boolean running = true;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failedWrites = new AtomicLong();
  private final AtomicLong lastWriteNanos = new AtomicLong();
  private final long probeIntervalNanos;
  private long lastContactNanos;
  private final AtomicLong failingSince = new AtomicLong(NONE);
  private final AtomicReference<String> lastError = new AtomicReference<>();

  StoreWriter(Database db, StoreConfig config, Ticker ticker, MinuteAggregator minutes) {
    this.queue = new WriteQueue(config.queueCapacity(), config.batchSize());
    this.minutes = minutes;
    this.rows = new RowWriter(db);
    this.ticker = ticker;
    this.config = config;
    this.engine = db.engine().id();
    this.thread = Thread.ofPlatform().daemon().name("vigil-store-writer").unstarted(this::loop);
    this.probeIntervalNanos = probeInterval(config.criticalAfter()).toNanos();
    this.lastContactNanos = ticker.monotonicNanos();
  }

  /** Half of {@code criticalAfter}, at most {@link #MAX_PROBE_INTERVAL}. */
  static Duration probeInterval(Duration criticalAfter) {
    Duration half = criticalAfter.dividedBy(2);
    return half.compareTo(MAX_PROBE_INTERVAL) < 0 ? half : MAX_PROBE_INTERVAL;
  }

  void start() {
    thread.start();
  }

  WriteQueue queue() {
    return queue;
  }

  /** Keeps a recovery state to be written at once (the writer is woken). */
  void save(Row.StateRow state) {
    states.put(state);
    queue.wake();
  }

  private void loop() {
    int failures = 0;
    while (running) {
      try {
        queue.await(failures == 0 ? config.flushInterval() : backoff(failures));
        queue.offerAll(minutes.drainClosed(ticker.wallTime()));
        failures = writeOnce() ? 0 : failures + 1;
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } catch (RuntimeException | LinkageError | AssertionError e) {
        LOG.error("event=store_writer_error error=\"{}\"", Secrets.maskText(String.valueOf(e)));
      }
    }
  }

  /**
   * Writes one batch with the waiting states, or probes the database when there is nothing to
   * write; false when that failed (the batch is back in the queue, the states stay).
   */
  private boolean writeOnce() {
    List<Row> batch = queue.drain(config.batchSize());
    Map<List<String>, Row.StateRow> waiting = states.snapshot();
    if (batch.isEmpty() && waiting.isEmpty()) {
      return probe();
    }
    long start = ticker.monotonicNanos();
    lastContactNanos = start;
    try {
      rows.write(batch, waiting.values());
      lastWriteNanos.set(ticker.monotonicNanos() - start);
      written.addAndGet(batch.size() + waiting.size());
      queue.written();
      states.written(waiting);
      recovered();
      return true;
    } catch (Exception | AssertionError e) {
      // pgjdbc throws AssertionError when the connection dies in the middle of a batch
      queue.pushBack(batch);
      failed(e, batch.size() + waiting.size());
      return false;
    }
  }

  /** While failing, and otherwise once per probe interval: whether the database takes writes. */
  private boolean probe() {
    long now = ticker.monotonicNanos();
    boolean failing = failingSince.get() != NONE;
    if (!failing && now - lastContactNanos < probeIntervalNanos) {
      return true;
    }
    lastContactNanos = now;
    try {
      rows.probe();
      recovered();
      return true;
    } catch (Exception | AssertionError e) {
      failed(e, 0);
      return false;
    }
  }

  private void failed(Throwable e, int size) {
    failedWrites.incrementAndGet();
    String error = Secrets.maskText(e.getClass().getSimpleName() + ": " + e.getMessage());
    lastError.set(error);
    if (failingSince.compareAndSet(NONE, ticker.monotonicNanos())) {
      LOG.warn(
          "event=store_write_failed engine={} rows={} queue_depth={} error=\"{}\"",
          engine,
          size,
          queue.size(),
          error);
    }
  }

  private void recovered() {
    long since = failingSince.getAndSet(NONE);
    if (since != NONE) {
      LOG.info(
          "event=store_write_recovered engine={} failed_for_ms={} dropped_total={}",
          engine,
          Duration.ofNanos(ticker.monotonicNanos() - since).toMillis(),
          queue.dropped());
    }
  }

  private Duration backoff(int failures) {
    Duration d = config.flushInterval().multipliedBy(1L << Math.min(failures, 10));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  /**
   * Queues every open minute and waits until the queue is written, or the timeout passes.
   *
   * @return whether everything queued was written
   */
  boolean flush(Duration timeout) {
    queue.offerAll(minutes.drainAll());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (waiting() == 0) {
        return true;
      }
      queue.wake();
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    return waiting() == 0;
  }

  /** Flushes for up to {@code timeout}, then stops the thread. */
  void close(Duration timeout) {
    boolean done = thread.isAlive() && flush(timeout);
    running = false;
    thread.interrupt();
    try {
      thread.join(timeout.toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!done && waiting() > 0) {
      LOG.warn("event=store_closed_with_unwritten_rows engine={} rows={}", engine, waiting());
    }
  }

  /** Rows and recovery states not yet stored. */
  private int waiting() {
    return queue.size() + states.size();
  }

  StoreStats stats() {
    long since = failingSince.get();
    return new StoreStats(
        waiting(),
        queue.capacity(),
        written.get(),
        queue.dropped(),
        failedWrites.get(),
        Duration.ofNanos(lastWriteNanos.get()),
        since == NONE
            ? Optional.empty()
            : Optional.of(Duration.ofNanos(ticker.monotonicNanos() - since)),
        Optional.ofNullable(lastError.get()));
  }
}
