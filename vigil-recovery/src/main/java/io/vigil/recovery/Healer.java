package io.vigil.recovery;

import io.vigil.core.HealthEvent;
import io.vigil.core.History;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Subscription;
import io.vigil.core.Ticker;
import io.vigil.recovery.internal.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heals checks by climbing their recovery ladders, within guards that keep it from making things
 * worse: a circuit breaker per target (Resilience4j), a restart budget with exponential backoff, a
 * global cap on actions per minute, suppression while a dependency is down or the check flaps, and
 * only hard failures by default. When it gives up, the check is quarantined and exactly one {@link
 * RecoveryEvent.GaveUp} is emitted; nothing stops silently.
 *
 * <p>It reads the monitor's snapshots (woken by its events) and never blocks the engine; actions
 * run on threads of the given factory (virtual threads by default). Budgets, backoff, open breakers
 * and quarantines are kept in a {@link RecoveryStateStore} (a state file, or the agent's store) so
 * an agent restart does not reset them.
 */
public final class Healer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Healer.class);
  private static final Duration TICK = Duration.ofMillis(100);
  private static final Duration JOIN = Duration.ofSeconds(2);

  private final Monitor monitor;
  private final Ticker ticker;
  private final ActionRunner runner;
  private final Ladders ladders;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final List<Consumer<RecoveryEvent>> listeners = new CopyOnWriteArrayList<>();
  private final List<CriticalWatch> critical = new ArrayList<>();
  private Subscription subscription;
  private Thread timer;
  private volatile boolean running;

  /**
   * A healer for the checks of {@code monitor}, its actions on virtual threads.
   *
   * @param stateFile where budgets, backoff, breakers and quarantines are kept across restarts;
   *     memory only when empty
   * @param fencingToken the leadership token passed to every action
   * @param leader whether this agent may heal (only the leader of several agents does)
   */
  public Healer(
      Monitor monitor,
      Guards guards,
      Ticker ticker,
      Optional<Path> stateFile,
      LongSupplier fencingToken,
      BooleanSupplier leader) {
    this(
        monitor,
        guards,
        ticker,
        stateFile,
        fencingToken,
        leader,
        Thread.ofVirtual().name("vigil-recovery-", 0).factory());
  }

  /** As above, with the threads of the actions from {@code actionThreads}. */
  public Healer(
      Monitor monitor,
      Guards guards,
      Ticker ticker,
      Optional<Path> stateFile,
      LongSupplier fencingToken,
      BooleanSupplier leader,
      ThreadFactory actionThreads) {
    this(
        monitor,
        guards,
        ticker,
        stateFile.map(RecoveryStateStore::file).orElseGet(RecoveryStateStore::memory),
        fencingToken,
        leader,
        actionThreads);
  }

  /**
   * A healer whose budgets, backoff, breakers and quarantines are kept in {@code state}: loaded
   * now, saved as they change.
   */
  public Healer(
      Monitor monitor,
      Guards guards,
      Ticker ticker,
      RecoveryStateStore state,
      LongSupplier fencingToken,
      BooleanSupplier leader,
      ThreadFactory actionThreads) {
    this.monitor = monitor;
    this.ticker = ticker;
    this.runner = new ActionRunner(actionThreads);
    this.ladders =
        new Ladders(
            guards,
            StateStore.open(state),
            new TickerClock(ticker),
            fencingToken,
            leader,
            runner,
            this::actionDone,
            this::results);
  }

  /**
   * Makes every recovery action ask {@code fence} before it starts (a fleet's leases and fleet-wide
   * budget); by default each is granted the token given to the constructor.
   */
  public void fence(ActionFence fence) {
    lock.lock();
    try {
      ladders.fence(java.util.Objects.requireNonNull(fence, "fence"));
    } finally {
      lock.unlock();
    }
  }

  private List<Result> results(String check, Instant from) {
    return monitor.history(check, from, Instant.MAX).map(History::results).orElse(List.of());
  }

  /** A healer with default guards, the system clock, state in memory only, always the leader. */
  public static Healer of(Monitor monitor) {
    return new Healer(
        monitor, Guards.ofDefaults(), Ticker.system(), Optional.empty(), () -> 1L, () -> true);
  }

  /**
   * Heals {@code check} with {@code policy} (replacing an earlier policy, keeping its progress).
   */
  public void protect(String check, RecoveryPolicy policy) {
    locked(() -> ladders.protect(check, policy, ticker.wallTime()));
  }

  /** Stops healing {@code check}. */
  public void unprotect(String check) {
    locked(() -> ladders.unprotect(check).ifPresent(Thread::interrupt));
  }

  /**
   * The supervised program behind {@code check} exited: definitive evidence, so its ladder acts at
   * once (straight to its first restart step from where it is), without waiting for the check to
   * fail and even while the check flaps. The target's restart budget, backoff and breaker, and a
   * down dependency, still hold it back.
   *
   * @param how what happened, e.g. {@code program demo exited (exit code 137)}
   * @return whether a ladder protects the check
   */
  public boolean exited(String check, String how) {
    boolean known;
    lock.lock();
    try {
      known = ladders.exited(check, how);
      wake.signal();
    } finally {
      lock.unlock();
    }
    return known;
  }

  /**
   * An operator lifts the check's quarantine: its ladder starts over from the first step, and the
   * restart budget, backoff and circuit breaker of its target are reset. Emits {@link
   * RecoveryEvent.QuarantineLifted} naming {@code by}.
   */
  public QuarantineLift lift(String check, String by) {
    QuarantineLift lift;
    Outbox.Drained out;
    lock.lock();
    try {
      lift = ladders.lift(check, by, ticker.wallTime());
      out = ladders.drain();
      wake.signal();
    } finally {
      lock.unlock();
    }
    deliver(out);
    return lift;
  }

  /**
   * Runs {@code handler} once when a critical check has been hard down beyond help, that is with no
   * recovery ladder or with healing given up on it (quarantined), for {@code grace} without a
   * break. A critical failure that its ladder is still working on never fires it. Unlike {@link
   * Monitor#onCriticalFailure}, which fires on the first UNHEALTHY, it knows about healing; it does
   * not stop the monitor itself. The handler runs on the healer's thread: hand long work (a
   * graceful shutdown) to a thread of its own.
   *
   * @return closing it turns the handler off
   */
  public Registration onCriticalFailure(Duration grace, Runnable handler) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, but was " + grace);
    }
    CriticalWatch watch = new CriticalWatch(grace, java.util.Objects.requireNonNull(handler));
    locked(() -> critical.add(watch));
    return () -> locked(watch::close);
  }

  /** Turns a handler off. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** Receives every recovery event, on the healer's thread; keep it quick. */
  public void subscribe(Consumer<RecoveryEvent> listener) {
    listeners.add(listener);
  }

  /** Starts watching: a thread evaluates the ladders every 100 ms and on every health event. */
  public void start() {
    subscription =
        monitor.subscribe(
            event -> {
              if (event instanceof HealthEvent.StateChanged
                  || event instanceof HealthEvent.FlappingStarted) {
                wakeUp();
              }
            });
    running = true;
    timer = Thread.ofPlatform().name("vigil-healer").daemon().start(this::loop);
  }

  private void loop() {
    while (running) {
      try {
        tick();
      } catch (RuntimeException e) {
        LOG.error("event=healer_error error=\"{}\"", e, e);
      }
      lock.lock();
      try {
        if (running) {
          wake.await(TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  private void wakeUp() {
    locked(wake::signal);
  }

  /** Evaluates every ladder now; public for tests that drive time with a fake ticker. */
  public void tick() {
    Outbox.Drained out;
    List<Runnable> handlers = new ArrayList<>();
    lock.lock();
    try {
      Instant now = ticker.wallTime();
      ladders.evaluate(monitor::check, now);
      out = ladders.drain();
      if (!critical.isEmpty()) {
        List<String> beyondHelp = ladders.beyondHelp(monitor.snapshot());
        critical.forEach(w -> w.due(beyondHelp, now).ifPresent(handlers::add));
      }
    } finally {
      lock.unlock();
    }
    deliver(out);
    handlers.forEach(Runnable::run);
  }

  /** Outside the lock: fresh runs, cleared flap histories, then the events to the listeners. */
  private void deliver(Outbox.Drained out) {
    out.rechecks().forEach(monitor::runNow);
    out.forgetFlapping().forEach(monitor::resetFlapping);
    for (RecoveryEvent event : out.events()) {
      for (Consumer<RecoveryEvent> listener : listeners) {
        try {
          listener.accept(event);
        } catch (RuntimeException e) {
          LOG.warn("event=recovery_listener_failed error=\"{}\"", e.toString());
        }
      }
    }
  }

  /** On the action's thread: moves the ladder on and asks for a fresh result to verify. */
  private void actionDone(Ladder ladder, Phase.Running run, Optional<String> error) {
    boolean verify;
    lock.lock();
    try {
      verify = ladders.actionDone(ladder, run, error, ticker.wallTime());
    } finally {
      lock.unlock();
    }
    if (verify) {
      monitor.runNow(ladder.check); // a fresh result, rather than waiting for the next interval
    }
    wakeUp();
  }

  /** What the healer knows about a check, for {@code /health/checks/{name}} and diagnostics. */
  public Optional<RecoveryView> view(String check) {
    lock.lock();
    try {
      return ladders.view(check);
    } finally {
      lock.unlock();
    }
  }

  /** Every protected check's view, by check name. */
  public Map<String, RecoveryView> views() {
    Map<String, RecoveryView> all = new LinkedHashMap<>();
    lock.lock();
    try {
      ladders.names().forEach(n -> ladders.view(n).ifPresent(v -> all.put(n, v)));
    } finally {
      lock.unlock();
    }
    return java.util.Collections.unmodifiableMap(all);
  }

  /** Whether the check is quarantined (healing gave up). */
  public boolean quarantined(String check) {
    return view(check).map(RecoveryView::quarantined).orElse(false);
  }

  private void locked(Runnable body) {
    lock.lock();
    try {
      body.run();
    } finally {
      lock.unlock();
    }
  }

  /** Stops the loop, interrupts running actions and waits briefly for them. */
  @Override
  public void close() {
    running = false;
    locked(ladders::close);
    wakeUp();
    if (subscription != null) {
      subscription.close();
    }
    if (timer != null) {
      try {
        timer.join(JOIN);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    runner.stopAll(JOIN);
  }
}
