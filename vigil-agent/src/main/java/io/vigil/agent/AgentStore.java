package io.vigil.agent;

import io.vigil.agent.config.StoreSettings;
import io.vigil.core.CheckContext;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import io.vigil.core.Subscription;
import io.vigil.store.Store;
import io.vigil.store.StoreConfig;
import io.vigil.store.tasks.TaskHandler;
import io.vigil.store.tasks.Worker;
import io.vigil.store.tasks.WorkerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's store: opened at start (after the server answers); while it cannot be opened, the
 * {@code store} check is CRITICAL and tries again at each of its runs, and nothing else stops. Once
 * open it records the monitor's history and, with {@code store.worker}, executes queued tasks.
 */
final class AgentStore implements AutoCloseable {

  /** The name of the store's own check. */
  static final String CHECK = "store";

  /** The worker of {@code vigil run} and {@code vigil worker}: running tasks get 2 s on stop. */
  static final WorkerSettings WORKER =
      WorkerSettings.defaults().withCloseTimeout(Duration.ofSeconds(2));

  /** How long closing waits for queued history to be written. */
  static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(AgentStore.class);

  private final StoreConfig config;
  private final Optional<Monitor> monitor;
  private final Function<Store, List<TaskHandler>> handlers;
  private final Optional<WorkerSettings> worker;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Optional<Store> store = Optional.empty();
  private volatile Optional<String> openError = Optional.empty();
  private Optional<Subscription> recording = Optional.empty();
  private Optional<Worker> running = Optional.empty();
  private final List<Consumer<Store>> openListeners = new CopyOnWriteArrayList<>();
  private boolean closed;

  /**
   * A store for {@code config}, recording {@code monitor}'s history if present, executing the tasks
   * of {@code handlers} (built once the store is open) with a worker of these settings, if any.
   */
  AgentStore(
      StoreConfig config,
      Optional<Monitor> monitor,
      Function<Store, List<TaskHandler>> handlers,
      Optional<WorkerSettings> worker) {
    this.config = config;
    this.monitor = monitor;
    this.handlers = handlers;
    this.worker = worker;
  }

  /** The store of the agent's settings, opened, its check registered; empty when disabled. */
  static Optional<AgentStore> start(
      StoreSettings settings, Monitor monitor, Function<Store, List<TaskHandler>> handlers) {
    if (settings.config().isEmpty()) {
      LOG.info("event=store_disabled");
      return Optional.empty();
    }
    AgentStore store =
        new AgentStore(
            settings.config().get(),
            Optional.of(monitor),
            handlers,
            settings.worker() ? Optional.of(WORKER) : Optional.empty());
    store.tryOpen();
    monitor.register(
        CheckSpec.builder(CHECK)
            .description("the store: history writes and the task queue")
            .component(CHECK)
            .interval(checkInterval(settings.config().get().criticalAfter()))
            .failureThreshold(1)
            .build(),
        store.check());
    return Optional.of(store);
  }

  /**
   * How often the {@code store} check runs: half of {@code criticalAfter} within [1 s, 10 s], so it
   * turns CRITICAL soon after writes have failed that long.
   */
  static Duration checkInterval(Duration criticalAfter) {
    Duration half = criticalAfter.dividedBy(2);
    Duration min = Duration.ofSeconds(1);
    Duration max = Duration.ofSeconds(10);
    return half.compareTo(min) < 0 ? min : half.compareTo(max) > 0 ? max : half;
  }

  /**
   * Runs {@code listener} with the store once it is open: now if it is, else when a later attempt
   * opens it.
   */
  void whenOpen(Consumer<Store> listener) {
    lock.lock();
    try {
      openListeners.add(listener);
      store.ifPresent(s -> opened(listener, s));
    } finally {
      lock.unlock();
    }
  }

  /** Opens the store unless it is open; false (and the error kept) when it cannot. */
  boolean tryOpen() {
    lock.lock();
    try {
      if (store.isPresent() || closed) {
        return store.isPresent();
      }
      Store opened = Store.open(config);
      store = Optional.of(opened);
      openError = Optional.empty();
      recording = monitor.map(opened::attach);
      running =
          worker.map(settings -> opened.tasks().startWorker(handlers.apply(opened), settings));
      LOG.info(
          "event=store_attached history={} worker={}",
          monitor.isPresent(),
          running.map(Worker::id).orElse("none"));
      openListeners.forEach(l -> opened(l, opened));
      return true;
    } catch (RuntimeException e) {
      String error = Secrets.maskText(String.valueOf(e.getMessage()));
      openError = Optional.of(error);
      LOG.warn("event=store_unavailable url={} error=\"{}\"", config.maskedUrl(), error);
      return false;
    } finally {
      lock.unlock();
    }
  }

  private static void opened(Consumer<Store> listener, Store opened) {
    try {
      listener.accept(opened);
    } catch (RuntimeException e) {
      LOG.warn(
          "event=store_open_listener_failed error=\"{}\"",
          Secrets.maskText(String.valueOf(e.getMessage())));
    }
  }

  /** The open store, if it is open. */
  Optional<Store> store() {
    return store;
  }

  /** The worker executing tasks in this process, if any. */
  Optional<Worker> worker() {
    return running;
  }

  StoreConfig config() {
    return config;
  }

  /** Why the store could not be opened, while it cannot. */
  Optional<String> openError() {
    return openError;
  }

  /** The {@code store} check: the store's own, or CRITICAL while it cannot be opened. */
  HealthCheck check() {
    return (CheckContext ctx) -> {
      if (store.isEmpty() && !tryOpen()) {
        return Result.critical("cannot open the store: " + openError.orElse("closed"))
            .withDetail("url", config.maskedUrl());
      }
      return store.get().healthCheck().check(ctx);
    };
  }

  /** Stops the worker, writes what is queued (for a short while) and closes. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      running.ifPresent(Worker::close);
      recording.ifPresent(Subscription::close);
      store.ifPresent(
          s -> {
            if (!s.flush(FLUSH_TIMEOUT)) {
              LOG.warn("event=store_flush_incomplete queue_depth={}", s.stats().queueDepth());
            }
            s.close();
          });
    } finally {
      lock.unlock();
    }
  }
}
