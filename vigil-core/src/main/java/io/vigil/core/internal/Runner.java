package io.vigil.core.internal;

import io.vigil.core.Durations;
import io.vigil.core.HealthEvent;
import io.vigil.core.MonitorSettings;
import io.vigil.core.Result;
import io.vigil.core.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts runs on the injected executor and ends each one exactly once: with its result, at its
 * deadline (CRITICAL "timed out after 10s", then interrupted; a late result is dropped), or
 * cancelled. At most one run per check is in flight; a timed-out run still going {@code
 * abandonAfter} later is counted as abandoned and never blocks later runs. Engine lock, except
 * where a method says otherwise.
 */
final class Runner {

  private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

  private final ReentrantLock lock;
  private final Ticker ticker;
  private final Executor executor;
  private final MonitorSettings settings;
  private final Scheduler scheduler;
  private final Judge judge;
  private final Events events;
  private final SnapshotCache cache;

  /** Every run whose body has not ended, timed-out ones included; stop() waits for them. */
  private final Set<Run> live = ConcurrentHashMap.newKeySet();

  private volatile int inFlight;
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();

  Runner(
      ReentrantLock lock,
      Ticker ticker,
      Executor executor,
      MonitorSettings settings,
      Scheduler scheduler,
      Judge judge,
      Events events,
      SnapshotCache cache) {
    this.lock = lock;
    this.ticker = ticker;
    this.executor = executor;
    this.settings = settings;
    this.scheduler = scheduler;
    this.judge = judge;
    this.events = events;
    this.cache = cache;
  }

  /** A check's due timer fired: start a run, unless one is still going. */
  void due(CheckEntry entry, Timer timer, long now) {
    entry.dueTimer = null;
    if (entry.lingering != null) {
      // A timed-out run is still going: try again when it is abandoned.
      entry.dueTimer =
          scheduler.schedule(Timer.Kind.DUE, now + settings.abandonAfter().toNanos(), entry, null);
    } else if (entry.inFlight == null) {
      scheduler.recordLag(now - timer.at());
      start(entry, now);
    }
  }

  /** The run in flight for the check, or a new one. */
  Run current(CheckEntry entry) {
    return entry.inFlight != null ? entry.inFlight : start(entry, ticker.monotonicNanos());
  }

  private Run start(CheckEntry entry, long now) {
    Run run = new Run(entry, now, now + entry.spec.timeout().toNanos());
    live.add(run);
    entry.inFlight = run;
    inFlight++;
    run.deadlineTimer = scheduler.schedule(Timer.Kind.DEADLINE, run.deadlineNanos, entry, run);
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

  /** The body of a run, on the executor; takes the engine lock only to record the result. */
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

  void timeOut(Run run, long now) {
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
      scheduler.schedule(
          Timer.Kind.ABANDON, now + settings.abandonAfter().toNanos(), run.entry, run);
    }
  }

  void abandonIfStillRunning(Run run, long now) {
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
    events.emit(
        new HealthEvent.RunAbandoned(
            run.spec.name(), runningFor, entry.abandoned, ticker.wallTime()));
    if (!entry.removed) {
      cache.publish(entry);
    }
  }

  /** Records a run's result: judges it, schedules the next run, completes the run's future. */
  private void finish(Run run, Result raw, long now) {
    run.recorded = true;
    scheduler.cancel(run.deadlineTimer);
    CheckEntry entry = run.entry;
    if (entry.inFlight == run) {
      entry.inFlight = null;
      inFlight--;
    }
    runs.incrementAndGet();
    Result result = raw.stamped(Duration.ofNanos(now - run.startNanos), ticker.wallTime());
    if (entry.counts == null) {
      entry.counts = new RunCounter();
    }
    entry.counts.add(result.status(), now - run.startNanos);
    if (!entry.removed && cache.phase() != Phase.STOPPING) {
      judge.record(entry, result, now);
      scheduler.scheduleNext(entry, run, now);
    }
    complete(run, () -> run.future.complete(result));
  }

  /** Ends a run without a result (its check was removed, or the monitor stops). */
  void cancel(Run run) {
    run.recorded = true;
    scheduler.cancel(run.deadlineTimer);
    run.entry.inFlight = null;
    inFlight--;
    run.interrupt();
    complete(
        run, () -> run.future.completeExceptionally(new CancellationException("run cancelled")));
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

  void interruptAll() {
    live.forEach(Run::interrupt);
  }

  /** Waits until every run's body ended, up to {@code deadline} ({@link System#nanoTime()}). */
  void awaitEnded(long deadline) throws InterruptedException {
    for (Run run : List.copyOf(live)) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !run.ended.await(left, TimeUnit.NANOSECONDS)) {
        LOG.warn("event=run_ignores_interrupt check={}", run.spec.name());
      }
    }
  }

  int inFlight() {
    return inFlight;
  }

  long runs() {
    return runs.get();
  }

  long timeouts() {
    return timeouts.get();
  }

  long abandoned() {
    return abandoned.get();
  }
}
