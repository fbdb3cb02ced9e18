package io.vigil.core.internal;

import io.vigil.core.CheckSpec;
import io.vigil.core.LatencyHistogram;
import io.vigil.core.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timer queue and the thread that serves it. One timer thread ({@code vigil-scheduler}) waits
 * on a condition until the earliest {@link Timer} is due (at most 1 s, so it notices a stuck clock)
 * and hands it to its {@link Target}; a manual engine has no thread and its caller calls {@link
 * #tick()}. Each check has at most one due and one stale timer, each run one deadline: nothing
 * accumulates, removal is O(log n). Everything but {@link #tick()} runs under the engine lock.
 */
final class Scheduler {

  /** What a due timer does; called under the engine lock. */
  interface Target {
    void fire(Timer timer, long now);
  }

  static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  private final ReentrantLock lock;
  private final Condition wake;
  private final Ticker ticker;
  private final RandomGenerator random;
  private final SnapshotCache cache;
  private final Target target;
  private final boolean timerThread;
  private final TreeSet<Timer> timers = new TreeSet<>();

  private long timerSeq;
  private boolean wakeRequested;
  private Thread thread;
  private boolean looping;

  /** First runs start at least this far apart: at most 4,000 a second, however many checks. */
  static final long FIRST_RUN_GAP_NANOS = 250_000L;

  /** The golden ratio's fraction: successive multiples fill [0, 1) evenly for any count. */
  private static final double GOLDEN = 0.6180339887498949;

  /** Where the phases are counted from: the scheduler's creation. */
  private final long epoch;

  private long nextFirstRun;
  private long phases;

  private volatile long lastLagNanos;
  private volatile long maxLagNanos;
  private final LagCounter lagCounts = new LagCounter();
  private volatile Instant lastTick;
  private volatile long lastTickNanos;

  Scheduler(
      ReentrantLock lock,
      Ticker ticker,
      RandomGenerator random,
      SnapshotCache cache,
      Target target,
      boolean timerThread) {
    this.lock = lock;
    this.wake = lock.newCondition();
    this.ticker = ticker;
    this.random = random;
    this.cache = cache;
    this.target = target;
    this.timerThread = timerThread;
    this.lastTick = ticker.wallTime();
    this.lastTickNanos = ticker.monotonicNanos();
    this.epoch = lastTickNanos;
    this.nextFirstRun = epoch;
  }

  // ---- timers (engine lock) ----------------------------------------------------------------

  Timer schedule(Timer.Kind kind, long at, CheckEntry entry, Run run) {
    return add(new Timer(at, timerSeq++, kind, entry, run, null));
  }

  private Timer add(Timer timer) {
    timers.add(timer);
    if (timers.first() == timer) {
      wakeRequested = true;
      wake.signal();
    }
    return timer;
  }

  void cancel(Timer timer) {
    if (timer != null) {
      timers.remove(timer);
    }
  }

  /** (Re)sets the next run and the staleness deadline of a check from now. */
  void arm(CheckEntry entry, long now) {
    disarm(entry);
    if (cache.phase() != Phase.RUNNING || !entry.spec.enabled() || entry.removed) {
      return;
    }
    if (Double.isNaN(entry.phase)) {
      entry.phase = (++phases * GOLDEN) % 1.0;
    }
    long due = firstRun(entry.spec, now + entry.spec.initialDelay().toNanos());
    entry.dueTimer = schedule(Timer.Kind.DUE, due, entry, null);
    entry.staleTimer =
        schedule(Timer.Kind.STALE, due + entry.spec.staleAfter().toNanos(), entry, null);
  }

  void disarm(CheckEntry entry) {
    cancel(entry.dueTimer);
    cancel(entry.staleTimer);
    entry.dueTimer = null;
    entry.staleTimer = null;
  }

  /**
   * The next run. While retrying, {@code retryInterval} after this one started. Otherwise, with no
   * jitter, {@code interval} after this one started; with jitter, at the check's own phase of its
   * interval (so checks with the same interval are spread evenly across it and stay so: times are
   * counted from a fixed grid, never from the previous run, and nothing drifts into bursts) at
   * least half an interval after this run started, plus a random delay below the jitter.
   */
  void scheduleNext(CheckEntry entry, Run run, long now) {
    if (cache.phase() != Phase.RUNNING || !entry.spec.enabled()) {
      return;
    }
    cancel(entry.dueTimer);
    long due;
    if (entry.state.retrying()) {
      due = run.startNanos + entry.spec.retryInterval().toNanos();
    } else if (entry.spec.jitter().isZero()) {
      due = run.startNanos + entry.spec.interval().toNanos();
    } else {
      due = onGrid(entry, run.startNanos) + jitter(entry.spec);
    }
    entry.dueTimer = schedule(Timer.Kind.DUE, due - now < 0 ? now : due, entry, null);
  }

  /** The first time on the check's grid (its phase + k intervals) at least half an interval on. */
  private long onGrid(CheckEntry entry, long started) {
    long interval = entry.spec.interval().toNanos();
    long offset = (long) (entry.phase * interval);
    long earliest = started + interval / 2 - epoch - offset;
    long cycles =
        Math.floorDiv(earliest, interval) + (Math.floorMod(earliest, interval) > 0 ? 1 : 0);
    return epoch + offset + cycles * interval;
  }

  /** The staleness deadline from a fresh result. */
  void rearmStale(CheckEntry entry, long now) {
    cancel(entry.staleTimer);
    entry.staleTimer =
        entry.spec.enabled() && cache.phase() == Phase.RUNNING
            ? schedule(Timer.Kind.STALE, now + entry.spec.staleAfter().toNanos(), entry, null)
            : null;
  }

  private long jitter(CheckSpec spec) {
    long bound = spec.jitter().toNanos();
    return bound > 0 ? random.nextLong(bound) : 0;
  }

  /**
   * When a check armed for {@code earliest} first runs: then, for a check without jitter; else in
   * the next free slot of a pace of one first run every {@link #FIRST_RUN_GAP_NANOS}, so that a few
   * checks run at once and ten thousand over a second rather than in the same millisecond.
   */
  private long firstRun(CheckSpec spec, long earliest) {
    if (spec.jitter().isZero()) {
      return earliest;
    }
    long due = nextFirstRun - earliest > 0 ? nextFirstRun : earliest;
    nextFirstRun = due + FIRST_RUN_GAP_NANOS;
    return due;
  }

  /** Drops every timer but the grace timers, as the monitor stops. */
  void clearChecks() {
    timers.removeIf(timer -> timer.kind() != Timer.Kind.GRACE);
  }

  /** Runs {@code handler} once, {@code grace} from now, even though the monitor stopped. */
  void afterGrace(Duration grace, Runnable handler) {
    long at = ticker.monotonicNanos() + grace.toNanos();
    add(new Timer(at, timerSeq++, Timer.Kind.GRACE, null, null, handler));
    if (timerThread && !looping) {
      startLoop(); // it ended with the monitor; serve the grace timer
    }
  }

  /** How late a run started; engine lock. */
  void recordLag(long lag) {
    lagCounts.add(lag);
    lastLagNanos = lag;
    if (lag > maxLagNanos) {
      maxLagNanos = lag;
    }
  }

  void wakeUp() {
    wakeRequested = true;
    wake.signalAll();
  }

  int pending() {
    return timers.size();
  }

  // ---- serving the queue -------------------------------------------------------------------

  /**
   * Fires every timer that is due at the ticker's current time; grace handlers run after the lock
   * is released, on the calling thread.
   *
   * @return nanoseconds until the next timer is due (at most one second)
   */
  long tick() {
    List<Runnable> handlers = null;
    long wait;
    lock.lock();
    try {
      long now = ticker.monotonicNanos();
      lastTick = ticker.wallTime();
      lastTickNanos = now;
      Phase phase = cache.phase();
      if (phase == Phase.NEW) {
        return MAX_WAIT_NANOS;
      }
      while (!timers.isEmpty() && timers.first().at() - now <= 0) {
        Timer timer = timers.pollFirst();
        if (timer.kind() == Timer.Kind.GRACE) {
          handlers = handlers == null ? new ArrayList<>(1) : handlers;
          handlers.add(timer.handler());
        } else if (phase == Phase.RUNNING) {
          target.fire(timer, now);
        }
      }
      wait = timers.isEmpty() ? MAX_WAIT_NANOS : timers.first().at() - now;
      if (phase == Phase.RUNNING) {
        wait = Math.min(wait, cache.startupBound(now));
      }
    } finally {
      lock.unlock();
    }
    if (handlers != null) {
      runAll(handlers);
    }
    return Math.max(0, Math.min(wait, MAX_WAIT_NANOS));
  }

  private static void runAll(List<Runnable> handlers) {
    for (Runnable handler : handlers) {
      try {
        handler.run();
      } catch (RuntimeException e) {
        LOG.error("event=grace_handler_failed error=\"{}\"", e, e);
      }
    }
  }

  /** Starts the timer thread, unless this engine is driven by hand; engine lock. */
  void start() {
    if (timerThread) {
      startLoop();
    }
  }

  private void startLoop() {
    looping = true;
    thread = Thread.ofPlatform().name("vigil-scheduler").daemon().start(this::loop);
  }

  private void loop() {
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
        if (cache.phase() == Phase.STOPPING && timers.isEmpty()) {
          looping = false;
          return;
        }
        if (!wakeRequested) {
          wake.awaitNanos(Math.min(wait, MAX_WAIT_NANOS));
        }
        wakeRequested = false;
      } catch (InterruptedException e) {
        looping = false;
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  /** Waits for the timer thread to end, unless it still serves a grace timer. */
  void awaitEnd(Duration atMost) throws InterruptedException {
    Thread ending;
    lock.lock();
    try {
      ending = timers.isEmpty() ? thread : null;
    } finally {
      lock.unlock();
    }
    if (ending != null && ending != Thread.currentThread()) {
      ending.join(atMost);
    }
  }

  // ---- stats -------------------------------------------------------------------------------

  long lastLagNanos() {
    return lastLagNanos;
  }

  long maxLagNanos() {
    return maxLagNanos;
  }

  /** Every run's lateness so far; without the lock. */
  LatencyHistogram lagHistogram() {
    return lagCounts.histogram();
  }

  Instant lastTick() {
    return lastTick;
  }

  long lastTickNanos() {
    return lastTickNanos;
  }
}
