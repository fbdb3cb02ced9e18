package io.vigil.core.internal;

import io.vigil.core.CheckResume;
import io.vigil.core.CheckSnapshot;
import io.vigil.core.CheckSpec;
import io.vigil.core.EngineStats;
import io.vigil.core.HealthCheck;
import io.vigil.core.HealthEvent;
import io.vigil.core.HealthListener;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.History;
import io.vigil.core.ManualMonitor;
import io.vigil.core.MonitorSettings;
import io.vigil.core.Result;
import io.vigil.core.RunStats;
import io.vigil.core.Subscription;
import io.vigil.core.SystemStatus;
import io.vigil.core.Ticker;
import io.vigil.core.UnknownCheckException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * The engine behind {@link io.vigil.core.Monitor}: wires the {@link Registry} (checks by name), the
 * {@link Scheduler} (timer queue and thread), the {@link Runner} (runs, deadlines, abandonment),
 * the {@link Judge} (results to state to events) and the {@link SnapshotCache} (system status and
 * the snapshot readers get).
 *
 * <p>One lock guards all mutable state; it is held only for bookkeeping, never while a check runs
 * (with the default executor), and readers never take it.
 */
final class DefaultMonitor implements ManualMonitor, Scheduler.Target {

  private static final Duration STOP_WAIT = Duration.ofSeconds(1);

  private final Ticker ticker;
  private final ReentrantLock lock = new ReentrantLock();
  private final Events events;
  private final SnapshotCache cache;
  private final Scheduler scheduler;
  private final Judge judge;
  private final Runner runner;
  private final Registry registry;

  DefaultMonitor(
      MonitorSettings settings,
      Ticker ticker,
      Executor executor,
      RandomGenerator random,
      boolean timerThread) {
    this.ticker = ticker;
    ConcurrentHashMap<String, CheckEntry> entries = new ConcurrentHashMap<>();
    events = new Events(settings.listenerQueue());
    cache = new SnapshotCache(ticker, settings, entries, events);
    scheduler = new Scheduler(lock, ticker, random, cache, this, timerThread);
    judge = new Judge(ticker, events, cache, scheduler);
    runner = new Runner(lock, ticker, executor, settings, scheduler, judge, events, cache);
    registry = new Registry(lock, ticker, settings, entries, events, cache, scheduler, runner);
  }

  @Override
  public void register(CheckSpec spec, HealthCheck check) {
    registry.register(spec, check, null);
  }

  @Override
  public void register(CheckSpec spec, HealthCheck check, CheckResume resume) {
    registry.register(spec, check, Objects.requireNonNull(resume, "resume"));
  }

  @Override
  public void replace(CheckSpec spec, HealthCheck check) {
    registry.replace(spec, check);
  }

  @Override
  public boolean unregister(String name) {
    return registry.unregister(name);
  }

  @Override
  public void start() {
    lock.lock();
    try {
      long now = ticker.monotonicNanos();
      if (!cache.begin(now)) {
        return;
      }
      for (CheckEntry entry : registry.all()) {
        scheduler.arm(entry, now);
      }
      cache.changed();
      scheduler.start();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long tick() {
    return scheduler.tick();
  }

  @Override
  public void fire(Timer timer, long now) {
    switch (timer.kind()) {
      case DUE -> runner.due(timer.entry(), timer, now);
      case DEADLINE -> runner.timeOut(timer.run(), now);
      case ABANDON -> runner.abandonIfStillRunning(timer.run(), now);
      case STALE -> judge.markStale(timer.entry());
      case GRACE -> throw new IllegalStateException("grace timers are the scheduler's own");
    }
  }

  @Override
  public void stop() {
    stop(null, null);
  }

  /** Stops; then, when {@code then} is given, runs it {@code grace} later on the ticker. */
  private void stop(Duration grace, Runnable then) {
    boolean first;
    lock.lock();
    try {
      first = cache.beginStopping();
      if (first) {
        scheduler.clearChecks();
        for (CheckEntry entry : registry.all()) {
          entry.dueTimer = null;
          entry.staleTimer = null;
          if (entry.inFlight != null) {
            runner.cancel(entry.inFlight);
          }
        }
        runner.interruptAll();
        cache.changed();
      }
      if (then != null) {
        scheduler.afterGrace(grace, then);
      }
      scheduler.wakeUp();
    } finally {
      lock.unlock();
    }
    if (first) {
      awaitThreads();
    }
  }

  private void awaitThreads() {
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    try {
      scheduler.awaitEnd(STOP_WAIT);
      runner.awaitEnded(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.closeAll();
  }

  @Override
  public Subscription onCriticalFailure(Duration grace, Runnable handler) {
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(handler, "handler");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, but was " + grace);
    }
    AtomicBoolean fired = new AtomicBoolean();
    // stop() closes every listener, this one included: stop from a thread of its own.
    Runnable fire =
        () -> {
          if (fired.compareAndSet(false, true)) {
            Thread.ofVirtual().name("vigil-critical-shutdown").start(() -> stop(grace, handler));
          }
        };
    Subscription subscription =
        subscribe(
            event -> {
              if (event instanceof HealthEvent.SystemStatusChanged changed
                  && changed.to() == SystemStatus.UNHEALTHY) {
                fire.run();
              }
            });
    if (cache.snapshot().status() == SystemStatus.UNHEALTHY) {
      fire.run(); // already unhealthy when the handler came: no change is coming to tell it
    }
    return subscription;
  }

  @Override
  public boolean resetFlapping(String name) {
    lock.lock();
    try {
      CheckEntry entry = registry.get(name);
      if (entry == null) {
        return false;
      }
      judge.resetFlapping(entry);
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public HealthSnapshot snapshot() {
    return cache.snapshot();
  }

  @Override
  public Optional<CheckSnapshot> check(String name) {
    CheckEntry entry = registry.get(name); // removed from the map as it is unregistered
    return entry == null ? Optional.empty() : Optional.of(entry.view);
  }

  @Override
  public CompletableFuture<Result> runNow(String name) {
    lock.lock();
    try {
      CheckEntry entry = registry.get(name);
      if (entry == null) {
        return CompletableFuture.failedFuture(new UnknownCheckException(name));
      }
      if (cache.phase() == Phase.STOPPING) {
        return CompletableFuture.failedFuture(new IllegalStateException("the monitor is stopping"));
      }
      return runner.current(entry).future.copy();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<History> history(String name, Instant from, Instant to) {
    CheckEntry entry = registry.get(name);
    return entry == null ? Optional.empty() : Optional.of(entry.history.query(name, from, to));
  }

  @Override
  public Subscription subscribe(HealthListener listener) {
    return events.subscribe(listener, cache.phase() == Phase.STOPPING);
  }

  @Override
  public Map<String, RunStats> runStats() {
    lock.lock();
    try {
      Map<String, RunStats> stats = new LinkedHashMap<>(registry.size() * 2);
      for (CheckEntry entry : registry.all()) {
        stats.put(entry.spec.name(), entry.counts == null ? RunStats.NONE : entry.counts.stats());
      }
      return stats;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public EngineStats stats() {
    return new EngineStats(
        registry.size(),
        runner.inFlight(),
        runner.runs(),
        runner.timeouts(),
        runner.abandoned(),
        events.dropped(),
        Duration.ofNanos(Math.max(0, scheduler.lastLagNanos())),
        Duration.ofNanos(Math.max(0, scheduler.maxLagNanos())),
        scheduler.lastTick(),
        Duration.ofNanos(Math.max(0, ticker.monotonicNanos() - scheduler.lastTickNanos())),
        scheduler.lagHistogram());
  }

  /** The number of pending timers; for tests that check nothing leaks. */
  int pendingTimers() {
    lock.lock();
    try {
      return scheduler.pending();
    } finally {
      lock.unlock();
    }
  }
}
