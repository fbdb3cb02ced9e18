package io.vigil.core.internal;

import io.vigil.core.CheckSnapshot;
import io.vigil.core.CheckSpec;
import io.vigil.core.ComponentSnapshot;
import io.vigil.core.DuplicateCheckException;
import io.vigil.core.Durations;
import io.vigil.core.EngineStats;
import io.vigil.core.HealthCheck;
import io.vigil.core.HealthEvent;
import io.vigil.core.HealthListener;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.History;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.StateType;
import io.vigil.core.Status;
import io.vigil.core.Subscription;
import io.vigil.core.SystemStatus;
import io.vigil.core.Ticker;
import io.vigil.core.UnknownCheckException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link Monitor}.
 *
 * <p>One lock guards all mutable state; it is held only for bookkeeping, never while a check runs.
 * One timer thread waits for the earliest {@link Timer} and fires what is due; each run executes on
 * the injected executor (a virtual thread per run by default). Readers get an immutable {@link
 * HealthSnapshot} rebuilt lazily from per-check views when something changed, without the lock.
 *
 * <p>Tests and benchmarks may {@link #startManual()} and drive time with {@link #tick()}.
 */
public final class DefaultMonitor implements Monitor {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultMonitor.class);
  private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final Duration STOP_WAIT = Duration.ofSeconds(1);

  private enum Phase {
    NEW,
    RUNNING,
    STOPPING
  }

  private record Cached(long version, HealthSnapshot snapshot) {}

  private final Settings settings;
  private final Ticker ticker;
  private final Executor executor;
  private final RandomGenerator random;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final ConcurrentHashMap<String, CheckEntry> entries = new ConcurrentHashMap<>();
  private final TreeSet<Timer> timers = new TreeSet<>();
  private final Aggregator.Tally tally = new Aggregator.Tally();
  private final List<Dispatcher> listeners = new CopyOnWriteArrayList<>();

  /** Every run whose body has not ended, timed-out ones included; stop() waits for them. */
  private final Set<Run> live = ConcurrentHashMap.newKeySet();

  private long timerSeq;
  private boolean wakeRequested;
  private SystemStatus status = SystemStatus.STARTING;
  private long graceEndNanos;
  private Thread timerThread;

  private volatile Phase phase = Phase.NEW;
  private volatile boolean startupDone;
  private volatile Instant startTime;
  private volatile Instant updatedAt;
  private final AtomicLong version = new AtomicLong();
  private volatile Cached cached;

  private volatile int inFlight;
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();
  private final AtomicLong closedListenerDrops = new AtomicLong();
  private volatile long lastLagNanos;
  private volatile long maxLagNanos;
  private volatile Instant lastTick;
  private volatile long lastTickNanos;

  /** Use {@code Monitor.builder()}. */
  public DefaultMonitor(
      Settings settings, Ticker ticker, Executor executor, RandomGenerator random) {
    this.settings = settings;
    this.ticker = ticker;
    this.executor = executor;
    this.random = random;
    this.startTime = ticker.wallTime();
    this.updatedAt = startTime;
    this.lastTick = startTime;
    this.lastTickNanos = ticker.monotonicNanos();
  }

  // ---- registration ------------------------------------------------------------------------

  @Override
  public void register(CheckSpec spec, HealthCheck check) {
    lock.lock();
    try {
      if (entries.containsKey(spec.name())) {
        throw new DuplicateCheckException(spec.name());
      }
      add(spec, check);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void replace(CheckSpec spec, HealthCheck check) {
    lock.lock();
    try {
      CheckEntry entry = entries.get(spec.name());
      if (entry == null) {
        add(spec, check);
        return;
      }
      boolean wasEnabled = entry.spec.enabled();
      entry.spec = spec;
      entry.check = check;
      if (wasEnabled != spec.enabled() || entry.inFlight == null) {
        arm(entry, ticker.monotonicNanos());
      }
      refresh(entry);
    } finally {
      lock.unlock();
    }
  }

  private void add(CheckSpec spec, HealthCheck check) {
    if (phase == Phase.STOPPING) {
      throw new IllegalStateException("the monitor is stopping; cannot add '" + spec.name() + "'");
    }
    CheckEntry entry = new CheckEntry(spec, check, settings, ticker.wallTime());
    entries.put(spec.name(), entry);
    emit(new HealthEvent.CheckRegistered(spec.name(), ticker.wallTime()));
    arm(entry, ticker.monotonicNanos());
    refresh(entry);
  }

  @Override
  public boolean unregister(String name) {
    lock.lock();
    try {
      CheckEntry entry = entries.remove(name);
      if (entry == null) {
        return false;
      }
      entry.removed = true;
      cancel(entry.dueTimer);
      cancel(entry.staleTimer);
      if (entry.inFlight != null) {
        cancelRun(entry.inFlight);
      }
      tally.remove(entry.contribution);
      emit(new HealthEvent.CheckRemoved(name, ticker.wallTime()));
      changed();
      return true;
    } finally {
      lock.unlock();
    }
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  @Override
  public void start() {
    start(true);
  }

  /** Starts without the timer thread: the caller drives the engine with {@link #tick()}. */
  public void startManual() {
    start(false);
  }

  private void start(boolean withTimerThread) {
    lock.lock();
    try {
      if (phase != Phase.NEW) {
        return;
      }
      phase = Phase.RUNNING;
      startTime = ticker.wallTime();
      long now = ticker.monotonicNanos();
      graceEndNanos = now + settings.startupGrace().toNanos();
      for (CheckEntry entry : entries.values()) {
        arm(entry, now);
      }
      changed();
      if (withTimerThread) {
        timerThread = Thread.ofPlatform().name("vigil-scheduler").daemon().start(this::timerLoop);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void stop() {
    lock.lock();
    try {
      if (phase == Phase.STOPPING) {
        return;
      }
      phase = Phase.STOPPING;
      timers.clear();
      for (CheckEntry entry : entries.values()) {
        entry.dueTimer = null;
        entry.staleTimer = null;
        if (entry.inFlight != null) {
          cancelRun(entry.inFlight);
        }
      }
      live.forEach(Run::interrupt);
      changed();
      wakeRequested = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    try {
      if (timerThread != null) {
        timerThread.join(STOP_WAIT);
      }
      for (Run run : List.copyOf(live)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !run.ended.await(left, TimeUnit.NANOSECONDS)) {
          LOG.warn("event=run_ignores_interrupt check={}", run.spec.name());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Dispatcher listener : listeners) {
      listener.close();
    }
  }

  // ---- the scheduler -----------------------------------------------------------------------

  private void timerLoop() {
    while (true) {
      long wait;
      try {
        wait = tick();
      } catch (RuntimeException | Error e) {
        LOG.error("event=scheduler_error error=\"{}\"", e, e);
        wait = MAX_WAIT_NANOS;
      }
      lock.lock();
      try {
        if (phase == Phase.STOPPING) {
          return;
        }
        if (!wakeRequested) {
          wake.awaitNanos(Math.min(wait, MAX_WAIT_NANOS));
        }
        wakeRequested = false;
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Fires every timer that is due at the ticker's current time.
   *
   * @return nanoseconds until the next timer is due (at most one second)
   */
  public long tick() {
    lock.lock();
    try {
      long now = ticker.monotonicNanos();
      lastTick = ticker.wallTime();
      lastTickNanos = now;
      if (phase != Phase.RUNNING) {
        return MAX_WAIT_NANOS;
      }
      while (!timers.isEmpty() && timers.first().at() - now <= 0) {
        fire(timers.pollFirst(), now);
      }
      long wait = timers.isEmpty() ? MAX_WAIT_NANOS : timers.first().at() - now;
      if (!startupDone) {
        updateStatus(now);
        wait = Math.min(wait, graceEndNanos - now);
      }
      return Math.max(0, Math.min(wait, MAX_WAIT_NANOS));
    } finally {
      lock.unlock();
    }
  }

  private void fire(Timer timer, long now) {
    CheckEntry entry = timer.entry();
    switch (timer.kind()) {
      case DUE -> {
        entry.dueTimer = null;
        if (entry.lingering != null) {
          // A timed-out run is still going: try again when it is abandoned.
          entry.dueTimer =
              schedule(Timer.Kind.DUE, now + settings.abandonAfter().toNanos(), entry, null);
        } else if (entry.inFlight == null) {
          long lag = now - timer.at();
          lastLagNanos = lag;
          if (lag > maxLagNanos) {
            maxLagNanos = lag;
          }
          startRun(entry, now);
        }
      }
      case DEADLINE -> timeOut(timer.run(), now);
      case ABANDON -> abandonIfStillRunning(timer.run(), now);
      case STALE -> {
        entry.staleTimer = null;
        markStale(entry);
      }
    }
  }

  private Timer schedule(Timer.Kind kind, long at, CheckEntry entry, Run run) {
    Timer timer = new Timer(at, timerSeq++, kind, entry, run);
    timers.add(timer);
    if (timers.first() == timer) {
      wakeRequested = true;
      wake.signal();
    }
    return timer;
  }

  private void cancel(Timer timer) {
    if (timer != null) {
      timers.remove(timer);
    }
  }

  /** (Re)sets the next run and the staleness deadline of a check from now. */
  private void arm(CheckEntry entry, long now) {
    cancel(entry.dueTimer);
    cancel(entry.staleTimer);
    entry.dueTimer = null;
    entry.staleTimer = null;
    if (phase != Phase.RUNNING || !entry.spec.enabled() || entry.removed) {
      return;
    }
    long due = now + entry.spec.initialDelay().toNanos() + jitter(entry.spec);
    entry.dueTimer = schedule(Timer.Kind.DUE, due, entry, null);
    entry.staleTimer =
        schedule(Timer.Kind.STALE, due + entry.spec.staleAfter().toNanos(), entry, null);
  }

  private long jitter(CheckSpec spec) {
    long bound = spec.jitter().toNanos();
    return bound > 0 ? random.nextLong(bound) : 0;
  }

  // ---- runs --------------------------------------------------------------------------------

  private Run startRun(CheckEntry entry, long now) {
    Run run = new Run(entry, now, now + entry.spec.timeout().toNanos());
    live.add(run);
    entry.inFlight = run;
    inFlight++;
    run.deadlineTimer = schedule(Timer.Kind.DEADLINE, run.deadlineNanos, entry, run);
    try {
      executor.execute(() -> execute(run));
    } catch (RejectedExecutionException e) {
      run.bodyDone = true;
      run.ended.countDown();
      live.remove(run);
      finish(run, Result.critical("could not start the run", e), now);
    }
    return run;
  }

  private void execute(Run run) {
    run.attach(Thread.currentThread());
    Result result;
    try {
      if (run.recorded) {
        return; // cancelled or timed out before it started
      }
      result = run.check.check(new RunContext(run.spec, ticker, run));
      if (result == null) {
        result = Result.unknown("the check returned no result");
      }
    } catch (Throwable t) {
      result = Result.critical(t);
    } finally {
      run.detach();
      live.remove(run);
    }
    lock.lock();
    try {
      if (run.entry.lingering == run) {
        run.entry.lingering = null;
      }
      if (!run.recorded) {
        finish(run, result, ticker.monotonicNanos());
      }
    } finally {
      lock.unlock();
    }
  }

  private void timeOut(Run run, long now) {
    if (run.recorded) {
      return;
    }
    timeouts.incrementAndGet();
    Result result =
        Result.critical("timed out after " + Durations.format(run.spec.timeout()))
            .withDetail("timeout_ms", run.spec.timeout().toMillis());
    finish(run, result, now);
    run.interrupt();
    if (!run.bodyDone) {
      // Until it ends or is abandoned, the run still counts: no second copy of the check starts.
      run.entry.lingering = run;
      schedule(Timer.Kind.ABANDON, now + settings.abandonAfter().toNanos(), run.entry, run);
    }
  }

  private void abandonIfStillRunning(Run run, long now) {
    CheckEntry entry = run.entry;
    if (entry.lingering == run) {
      entry.lingering = null;
    }
    if (run.bodyDone) {
      return;
    }
    entry.abandoned++;
    abandoned.incrementAndGet();
    Duration runningFor = Duration.ofNanos(now - run.startNanos);
    LOG.warn(
        "event=run_abandoned check={} running_ms={} abandoned_total={}",
        run.spec.name(),
        runningFor.toMillis(),
        entry.abandoned);
    emit(
        new HealthEvent.RunAbandoned(
            run.spec.name(), runningFor, entry.abandoned, ticker.wallTime()));
    if (!entry.removed) {
      refresh(entry);
    }
  }

  /** Records a run's result: judges it, schedules the next run, completes the run's future. */
  private void finish(Run run, Result raw, long now) {
    run.recorded = true;
    cancel(run.deadlineTimer);
    CheckEntry entry = run.entry;
    if (entry.inFlight == run) {
      entry.inFlight = null;
      inFlight--;
    }
    runs.incrementAndGet();
    Result result = raw.stamped(Duration.ofNanos(now - run.startNanos), ticker.wallTime());
    if (!entry.removed && phase != Phase.STOPPING) {
      record(entry, result, now);
      scheduleNext(entry, run, now);
    }
    complete(run, () -> run.future.complete(result));
  }

  private void cancelRun(Run run) {
    run.recorded = true;
    cancel(run.deadlineTimer);
    run.entry.inFlight = null;
    inFlight--;
    run.interrupt();
    complete(
        run, () -> run.future.completeExceptionally(new CancellationException("run cancelled")));
  }

  private void scheduleNext(CheckEntry entry, Run run, long now) {
    if (phase != Phase.RUNNING || !entry.spec.enabled()) {
      return;
    }
    cancel(entry.dueTimer);
    Duration gap = entry.state.retrying() ? entry.spec.retryInterval() : entry.spec.interval();
    long due = run.startNanos + gap.toNanos() + jitter(entry.spec);
    entry.dueTimer = schedule(Timer.Kind.DUE, due - now < 0 ? now : due, entry, null);
  }

  @Override
  public CompletableFuture<Result> runNow(String name) {
    lock.lock();
    try {
      CheckEntry entry = entries.get(name);
      if (entry == null) {
        return CompletableFuture.failedFuture(new UnknownCheckException(name));
      }
      if (phase == Phase.STOPPING) {
        return CompletableFuture.failedFuture(new IllegalStateException("the monitor is stopping"));
      }
      Run run = entry.inFlight != null ? entry.inFlight : startRun(entry, ticker.monotonicNanos());
      return run.future.copy();
    } finally {
      lock.unlock();
    }
  }

  // ---- judging -----------------------------------------------------------------------------

  private void record(CheckEntry entry, Result result, long now) {
    CheckSpec spec = entry.spec;
    Status fromStatus = entry.state.status();
    StateType fromType = entry.state.type();
    entry.lastResult = result;
    entry.history.add(result);
    if (!listeners.isEmpty()) {
      emit(new HealthEvent.RunCompleted(spec.name(), result, result.timestamp()));
    }
    entry.recent.add(result.status());
    boolean changed =
        entry.state.apply(result.status(), spec.failureThreshold(), spec.successThreshold());
    if (changed) {
      entry.lastChange = result.timestamp();
      emit(stateChanged(entry, fromStatus, fromType, result));
    }
    switch (entry.flap.add(result.status(), spec.flapStartPercent(), spec.flapStopPercent())) {
      case STARTED ->
          emit(
              new HealthEvent.FlappingStarted(
                  spec.name(), entry.flap.percent(), result.timestamp()));
      case STOPPED ->
          emit(
              new HealthEvent.FlappingStopped(
                  spec.name(), entry.flap.percent(), result.timestamp()));
      case NONE -> {}
    }
    cancel(entry.staleTimer);
    entry.staleTimer =
        spec.enabled() && phase == Phase.RUNNING
            ? schedule(Timer.Kind.STALE, now + spec.staleAfter().toNanos(), entry, null)
            : null;
    refresh(entry);
  }

  private void markStale(CheckEntry entry) {
    Status fromStatus = entry.state.status();
    StateType fromType = entry.state.type();
    if (entry.state.markStale()) {
      Result result =
          Result.unknown("no result for " + Durations.format(entry.spec.staleAfter()))
              .stamped(Duration.ZERO, ticker.wallTime());
      entry.lastChange = result.timestamp();
      emit(stateChanged(entry, fromStatus, fromType, result));
    }
    refresh(entry);
  }

  private HealthEvent stateChanged(
      CheckEntry entry, Status fromStatus, StateType fromType, Result result) {
    return new HealthEvent.StateChanged(
        entry.spec.name(),
        entry.spec.critical(),
        fromStatus,
        fromType,
        entry.state.status(),
        entry.state.type(),
        result,
        entry.state.consecutiveFailures(),
        result.timestamp());
  }

  /** Publishes a check's new view and re-judges the system. */
  private void refresh(CheckEntry entry) {
    CheckSnapshot view = entry.buildView();
    entry.view = view;
    Aggregator.Contribution contribution = Aggregator.contribution(view);
    tally.remove(entry.contribution);
    tally.add(contribution);
    entry.contribution = contribution;
    changed();
  }

  private void changed() {
    updatedAt = ticker.wallTime();
    version.incrementAndGet();
    updateStatus(ticker.monotonicNanos());
  }

  private void updateStatus(long now) {
    if (!startupDone
        && phase == Phase.RUNNING
        && (tally.pending == 0 || now - graceEndNanos >= 0)) {
      startupDone = true;
      version.incrementAndGet();
    }
    SystemStatus next = Aggregator.status(phase == Phase.STOPPING, startupDone, tally);
    if (next != status) {
      SystemStatus from = status;
      status = next;
      String message = Aggregator.message(next, views());
      LOG.debug("event=system_status from={} to={} message=\"{}\"", from, next, message);
      emit(new HealthEvent.SystemStatusChanged(from, next, message, ticker.wallTime()));
    }
  }

  private void emit(HealthEvent event) {
    if (listeners.isEmpty()) {
      return;
    }
    for (Dispatcher listener : listeners) {
      listener.offer(event);
    }
  }

  /**
   * Completes a run's future on the executor, so callbacks chained on it never run on the scheduler
   * thread or under the engine lock.
   */
  private void complete(Run run, Runnable completion) {
    if (run.future.isDone()) {
      return;
    }
    try {
      executor.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run();
    }
  }

  // ---- reading -----------------------------------------------------------------------------

  @Override
  public HealthSnapshot snapshot() {
    long v = version.get();
    Cached c = cached;
    if (c != null && c.version() == v) {
      return c.snapshot();
    }
    HealthSnapshot built = build();
    cached = new Cached(v, built);
    return built;
  }

  private List<CheckSnapshot> views() {
    List<CheckSnapshot> views = new ArrayList<>(entries.size());
    for (CheckEntry entry : entries.values()) {
      views.add(entry.view);
    }
    return views;
  }

  private HealthSnapshot build() {
    Map<String, CheckSnapshot> checks = new TreeMap<>();
    Map<String, List<CheckSnapshot>> byComponent = new TreeMap<>();
    for (CheckSnapshot view : views()) {
      checks.put(view.name(), view);
      byComponent.computeIfAbsent(view.spec().component(), k -> new ArrayList<>()).add(view);
    }
    boolean stopping = phase == Phase.STOPPING;
    boolean started = startupDone;
    SystemStatus systemStatus =
        Aggregator.status(stopping, started, Aggregator.tally(checks.values()));
    Map<String, ComponentSnapshot> components = new TreeMap<>();
    byComponent.forEach(
        (name, members) -> components.put(name, Aggregator.group(name, members, systemStatus)));
    double score = Aggregator.meanScore(checks.values());
    return new HealthSnapshot(
        systemStatus,
        Aggregator.message(systemStatus, checks.values()),
        score,
        Scores.level(score, settings.healthyScore(), settings.degradedScore()),
        Collections.unmodifiableMap(checks),
        Collections.unmodifiableMap(components),
        startTime,
        updatedAt);
  }

  @Override
  public Optional<History> history(String name, Instant from, Instant to) {
    CheckEntry entry = entries.get(name);
    return entry == null ? Optional.empty() : Optional.of(entry.history.query(name, from, to));
  }

  @Override
  public Subscription subscribe(HealthListener listener) {
    Dispatcher dispatcher =
        new Dispatcher(
            listener,
            settings.listenerQueue(),
            closed -> {
              listeners.remove(closed);
              closedListenerDrops.addAndGet(closed.dropped());
            });
    listeners.add(dispatcher);
    if (phase == Phase.STOPPING) {
      dispatcher.close(); // nothing more will happen; do not leave its thread behind
    }
    return dispatcher;
  }

  @Override
  public EngineStats stats() {
    long drops = closedListenerDrops.get();
    for (Dispatcher listener : listeners) {
      drops += listener.dropped();
    }
    return new EngineStats(
        entries.size(),
        inFlight,
        runs.get(),
        timeouts.get(),
        abandoned.get(),
        drops,
        Duration.ofNanos(Math.max(0, lastLagNanos)),
        Duration.ofNanos(Math.max(0, maxLagNanos)),
        lastTick,
        Duration.ofNanos(Math.max(0, ticker.monotonicNanos() - lastTickNanos)));
  }

  /** The number of pending timers; for tests that check nothing leaks. */
  int pendingTimers() {
    lock.lock();
    try {
      return timers.size();
    } finally {
      lock.unlock();
    }
  }
}
