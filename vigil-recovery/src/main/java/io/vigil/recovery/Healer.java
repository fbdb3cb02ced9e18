package io.vigil.recovery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.vigil.core.CheckSnapshot;
import io.vigil.core.Durations;
import io.vigil.core.HealthEvent;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.StateType;
import io.vigil.core.Status;
import io.vigil.core.Subscription;
import io.vigil.core.Ticker;
import io.vigil.recovery.internal.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * run on their own virtual threads. Budgets, backoff, open breakers and quarantines are kept in a
 * state file so an agent restart does not reset them.
 */
public final class Healer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Healer.class);
  private static final Duration TICK = Duration.ofMillis(100);
  private static final int RECENT = 20;
  private static final Duration DEPENDENCY_WAIT = Duration.ofMillis(500);

  private enum Phase {
    IDLE,
    RUNNING,
    VERIFYING,
    WAITING,
    QUARANTINED
  }

  /** Per protected check. */
  private final class Ladder {
    final String check;
    RecoveryPolicy policy;
    int step;
    int attempts;
    Phase phase = Phase.IDLE;
    long attemptId;
    Instant actionStarted = Instant.EPOCH;
    Instant actionEnded = Instant.EPOCH;
    boolean finalRunRequested;
    boolean gaveUp;
    Instant verifyUntil = Instant.EPOCH;
    Instant nextTry = Instant.EPOCH;
    Instant healthySince;
    String suppressed = "";
    String quarantineReason = "";
    boolean trialPermitted;
    Thread actionThread;
    final Deque<RecoveryEvent> recent = new ArrayDeque<>();

    Ladder(String check, RecoveryPolicy policy) {
      this.check = check;
      this.policy = policy;
    }

    String target() {
      return policy.target().isEmpty() ? check : policy.target();
    }

    RecoveryStep current() {
      return policy.steps().get(Math.min(step, policy.steps().size() - 1));
    }
  }

  private final Monitor monitor;
  private final Guards guards;
  private final Ticker ticker;
  private final StateStore store;
  private final LongSupplier fencingToken;
  private final BooleanSupplier leader;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Map<String, Ladder> ladders = new LinkedHashMap<>();
  private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
  private final Deque<Instant> recentActions = new ArrayDeque<>();
  private final List<Consumer<RecoveryEvent>> listeners = new CopyOnWriteArrayList<>();
  private final List<RecoveryEvent> pending = new ArrayList<>();
  private final List<String> recheck = new ArrayList<>();
  private Subscription subscription;
  private Thread timer;
  private volatile boolean running;
  private volatile boolean closing;

  /**
   * A healer for the checks of {@code monitor}.
   *
   * @param stateFile where budgets, backoff, breakers and quarantines are kept across restarts
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
    this.monitor = monitor;
    this.guards = guards;
    this.ticker = ticker;
    this.store = StateStore.open(stateFile);
    this.fencingToken = fencingToken;
    this.leader = leader;
  }

  /** A healer with default guards, the system clock, no state file, always the leader. */
  public static Healer of(Monitor monitor) {
    return new Healer(
        monitor, Guards.ofDefaults(), Ticker.system(), Optional.empty(), () -> 1L, () -> true);
  }

  /**
   * Heals {@code check} with {@code policy} (replacing an earlier policy, keeping its progress).
   */
  public void protect(String check, RecoveryPolicy policy) {
    lock.lock();
    try {
      Ladder ladder = ladders.get(check);
      if (ladder != null) {
        ladder.policy = policy;
        ladder.step = Math.min(ladder.step, policy.steps().size() - 1);
        return;
      }
      ladder = new Ladder(check, policy);
      StateStore.Check saved = store.check(check);
      ladder.step = Math.min(saved.step, policy.steps().size() - 1);
      if (saved.quarantined) {
        ladder.phase = Phase.QUARANTINED;
        ladder.quarantineReason = saved.reason;
        ladder.gaveUp = true;
      }
      ladders.put(check, ladder);
    } finally {
      lock.unlock();
    }
  }

  /** Stops healing {@code check}. */
  public void unprotect(String check) {
    lock.lock();
    try {
      Ladder ladder = ladders.remove(check);
      if (ladder != null && ladder.actionThread != null) {
        ladder.actionThread.interrupt();
      }
    } finally {
      lock.unlock();
    }
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
    lock.lock();
    try {
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Evaluates every ladder now; public for tests that drive time with a fake ticker. */
  public void tick() {
    HealthSnapshot snapshot = monitor.snapshot();
    List<RecoveryEvent> emitted;
    List<String> toRecheck;
    lock.lock();
    try {
      Instant now = ticker.wallTime();
      for (Ladder ladder : List.copyOf(ladders.values())) {
        snapshot.check(ladder.check).ifPresent(c -> evaluate(ladder, c, snapshot, now));
      }
      emitted = List.copyOf(pending);
      pending.clear();
      toRecheck = List.copyOf(recheck);
      recheck.clear();
    } finally {
      lock.unlock();
    }
    toRecheck.forEach(monitor::runNow);
    for (RecoveryEvent event : emitted) {
      for (Consumer<RecoveryEvent> listener : listeners) {
        try {
          listener.accept(event);
        } catch (RuntimeException e) {
          LOG.warn("event=recovery_listener_failed error=\"{}\"", e.toString());
        }
      }
    }
  }

  private static boolean down(CheckSnapshot c) {
    return !c.pending() && c.status().isDown();
  }

  private static boolean ok(CheckSnapshot c) {
    return !c.pending() && c.status() == Status.OK;
  }

  private void evaluate(Ladder l, CheckSnapshot c, HealthSnapshot snapshot, Instant now) {
    boolean failing =
        c.spec().enabled() && down(c) && (c.stateType() == StateType.HARD || l.current().onSoft());
    if (ok(c)) {
      if (l.healthySince == null) {
        l.healthySince = now;
      }
    } else {
      l.healthySince = null;
    }
    switch (l.phase) {
      case RUNNING -> {
        if (!now.isBefore(l.actionStarted.plus(l.current().timeout()))) {
          if (l.actionThread != null) {
            l.actionThread.interrupt();
          }
          actionFailed(
              l, "the action timed out after " + Durations.format(l.current().timeout()), now);
        }
      }
      case VERIFYING -> {
        if (now.isBefore(l.verifyUntil)) {
          return; // let the step work for its whole window before judging it
        }
        Instant lastRun = c.lastResult().map(Result::timestamp).orElse(Instant.EPOCH);
        // Judged on a result from the end of the window, so a crash loop that looks fine for a
        // moment after each restart is not mistaken for a recovery.
        boolean settled = !lastRun.isBefore(l.verifyUntil);
        Instant limit = l.verifyUntil.plus(c.spec().interval()).plus(c.spec().timeout());
        Optional<String> blocker = downDependency(c, snapshot);
        if (blocker.isPresent()) {
          // Its dependency went down meanwhile: not this step's failure.
          l.phase = Phase.IDLE;
          suppress(l, "blocked by " + blocker.get(), now);
        } else if (settled && ok(c)) {
          breaker(l).onSuccess(0, TimeUnit.MILLISECONDS);
          emit(
              l,
              new RecoveryEvent.Succeeded(
                  l.check,
                  l.current().name(),
                  l.attempts,
                  Duration.between(l.actionStarted, now),
                  now));
          l.phase = Phase.IDLE;
          save(l);
        } else if (settled || !now.isBefore(limit)) {
          breaker(l).onError(0, TimeUnit.MILLISECONDS, new IllegalStateException("still failing"));
          emit(
              l,
              new RecoveryEvent.Failed(
                  l.check,
                  l.current().name(),
                  l.attempts,
                  "still " + c.status() + " after " + Durations.format(l.current().verify()),
                  Duration.between(l.actionStarted, now),
                  now));
          l.phase = Phase.IDLE;
          escalate(l, now);
          save(l);
          if (failing && l.phase == Phase.IDLE) {
            attempt(l, c, snapshot, now);
          }
        } else if (!l.finalRunRequested) {
          l.finalRunRequested = true;
          recheck.add(l.check);
        }
      }
      case WAITING -> {
        if (!now.isBefore(l.nextTry)) {
          l.phase = Phase.IDLE;
          if (failing) {
            attempt(l, c, snapshot, now);
          }
        }
      }
      case QUARANTINED -> {
        if (l.healthySince != null && !now.isBefore(l.healthySince.plus(l.policy.resetAfter()))) {
          reset(l, now);
        } else if (failing
            && l.quarantineReason.startsWith("circuit breaker")
            && breaker(l).tryAcquirePermission()) {
          l.trialPermitted = true; // the breaker's half-open trial
          l.phase = Phase.IDLE;
          attempt(l, c, snapshot, now);
        }
      }
      case IDLE -> {
        if (l.healthySince != null
            && (l.step > 0 || l.attempts > 0)
            && !now.isBefore(l.healthySince.plus(l.policy.resetAfter()))) {
          reset(l, now);
        } else if (failing) {
          attempt(l, c, snapshot, now);
        } else {
          l.suppressed = "";
        }
      }
    }
  }

  private static Optional<String> downDependency(CheckSnapshot c, HealthSnapshot snapshot) {
    return c.spec().dependsOn().stream()
        .filter(d -> snapshot.check(d).map(Healer::down).orElse(false))
        .findFirst();
  }

  private void attempt(Ladder l, CheckSnapshot c, HealthSnapshot snapshot, Instant now) {
    if (!leader.getAsBoolean()) {
      suppress(l, "not the leader", now);
      return;
    }
    Optional<String> blocker = downDependency(c, snapshot);
    if (blocker.isPresent()) {
      suppress(l, "blocked by " + blocker.get(), now);
      return;
    }
    if (l.actionThread != null && l.actionThread.isAlive()) {
      suppress(l, "the previous action is still running", now);
      return;
    }
    Instant failedAt = c.lastResult().map(Result::timestamp).orElse(Instant.EPOCH);
    for (String dependency : c.spec().dependsOn()) {
      Optional<CheckSnapshot> d = snapshot.check(dependency);
      if (d.isEmpty()) {
        continue;
      }
      if (d.get().lastChange().isAfter(failedAt)) {
        // The dependency changed (recovered) since this check last ran: let it look again.
        recheck.add(l.check);
        l.phase = Phase.WAITING;
        l.nextTry = now.plus(DEPENDENCY_WAIT);
        suppress(l, "confirming after " + dependency + " changed", now);
        return;
      }
      Instant checkedAt = d.get().lastResult().map(Result::timestamp).orElse(Instant.EPOCH);
      if (checkedAt.isBefore(failedAt)) {
        // As Nagios checks a parent before blaming a child: look at the dependency again first.
        recheck.add(dependency);
        l.phase = Phase.WAITING;
        l.nextTry = now.plus(DEPENDENCY_WAIT);
        suppress(l, "confirming dependency " + dependency, now);
        return;
      }
    }
    if (c.flapping() && !l.policy.allowWhileFlapping()) {
      suppress(l, "flapping", now);
      return;
    }
    RecoveryStep step = l.current();
    StateStore.Target target = store.target(l.target());
    if (step.restart()) {
      Instant windowStart = now.minus(guards.restartWindow());
      target.restarts.removeIf(t -> t < windowStart.toEpochMilli());
      if (target.restarts.size() >= guards.restarts()) {
        giveUp(
            l,
            "restart budget spent: "
                + target.restarts.size()
                + " restarts within "
                + Durations.format(guards.restartWindow()),
            now);
        return;
      }
      if (now.toEpochMilli() < target.nextRestartAt) {
        l.phase = Phase.WAITING;
        l.nextTry = Instant.ofEpochMilli(target.nextRestartAt);
        suppress(l, "backing off until " + l.nextTry, now);
        return;
      }
    }
    boolean notification = step.verify().isZero(); // a log line: no cap, no breaker
    while (!recentActions.isEmpty() && recentActions.peekFirst().isBefore(now.minusSeconds(60))) {
      recentActions.pollFirst();
    }
    if (!notification && recentActions.size() >= guards.actionsPerMinute()) {
      l.phase = Phase.WAITING;
      l.nextTry = recentActions.peekFirst().plusSeconds(60);
      suppress(
          l, "global limit of " + guards.actionsPerMinute() + " recovery actions per minute", now);
      return;
    }
    if (!notification && !l.trialPermitted && !breaker(l).tryAcquirePermission()) {
      giveUp(
          l,
          "circuit breaker open for "
              + l.target()
              + " after "
              + guards.breakerFailures()
              + " failed recoveries",
          now);
      return;
    }
    l.trialPermitted = false;
    if (!notification) {
      recentActions.addLast(now);
    }
    if (step.restart()) {
      target.restarts.add(now.toEpochMilli());
      long doublings = Math.min(20, target.restarts.size() - 1);
      Duration wait = guards.backoff().multipliedBy(1L << doublings);
      target.nextRestartAt =
          now.plus(wait.compareTo(guards.maxBackoff()) > 0 ? guards.maxBackoff() : wait)
              .toEpochMilli();
    }
    l.attempts++;
    l.attemptId++;
    l.phase = Phase.RUNNING;
    l.actionStarted = now;
    l.suppressed = "";
    long token = fencingToken.getAsLong();
    emit(l, new RecoveryEvent.Started(l.check, step.name(), l.attempts, token, now));
    save(l);
    Result result = c.lastResult().orElse(Result.unknown("no result"));
    RecoveryContext ctx =
        new RecoveryContext(l.check, result, step.name(), l.attempts, token, step.timeout());
    long id = l.attemptId;
    l.actionThread =
        Thread.ofVirtual()
            .name("vigil-recovery-" + l.check)
            .start(() -> runAction(l, id, step, ctx));
  }

  private void runAction(Ladder l, long id, RecoveryStep step, RecoveryContext ctx) {
    String error = null;
    try {
      step.action().run(ctx);
    } catch (Exception e) {
      error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    boolean verify = false;
    lock.lock();
    try {
      if (l.actionThread == Thread.currentThread()) {
        l.actionThread = null;
      }
      if (closing || l.attemptId != id || l.phase != Phase.RUNNING || ladders.get(l.check) != l) {
        return; // shutting down, timed out, or the check is no longer protected
      }
      Instant now = ticker.wallTime();
      l.actionEnded = now;
      if (error != null) {
        actionFailed(l, error, now);
      } else if (step.verify().isZero()) {
        // A notification step (log): nothing to verify, go on to the next step at once.
        l.phase = Phase.IDLE;
        l.attempts = step.repeat();
        escalate(l, now);
      } else {
        l.phase = Phase.VERIFYING;
        l.verifyUntil = now.plus(step.verify());
        l.finalRunRequested = false;
        verify = true;
      }
    } finally {
      lock.unlock();
    }
    if (verify) {
      monitor.runNow(l.check); // a fresh result, rather than waiting for the next interval
    }
    wakeUp();
  }

  private void actionFailed(Ladder l, String reason, Instant now) {
    breaker(l).onError(0, TimeUnit.MILLISECONDS, new IllegalStateException(reason));
    emit(
        l,
        new RecoveryEvent.Failed(
            l.check,
            l.current().name(),
            l.attempts,
            reason,
            Duration.between(l.actionStarted, now),
            now));
    l.actionEnded = now;
    l.phase = Phase.IDLE;
    escalate(l, now);
    save(l);
  }

  /** After a failed attempt: the same step again while it may repeat, else the next one. */
  private void escalate(Ladder l, Instant now) {
    if (l.attempts < l.current().repeat()) {
      return;
    }
    if (l.step + 1 >= l.policy.steps().size()) {
      giveUp(l, "every step of the recovery ladder failed", now);
      return;
    }
    l.step++;
    l.attempts = 0;
    save(l);
  }

  private void suppress(Ladder l, String reason, Instant now) {
    if (!reason.equals(l.suppressed)) {
      l.suppressed = reason;
      emit(l, new RecoveryEvent.Suppressed(l.check, reason, now));
    }
  }

  private void giveUp(Ladder l, String reason, Instant now) {
    l.phase = Phase.QUARANTINED;
    l.quarantineReason = reason;
    if (!l.gaveUp) {
      l.gaveUp = true; // one event per episode; only reset() clears it
      emit(l, new RecoveryEvent.GaveUp(l.check, reason, now));
    }
    save(l);
  }

  private void reset(Ladder l, Instant now) {
    boolean wasQuarantined = l.phase == Phase.QUARANTINED;
    l.step = 0;
    l.attempts = 0;
    l.phase = Phase.IDLE;
    l.quarantineReason = "";
    l.suppressed = "";
    l.gaveUp = false;
    // The target's budget and breaker are shared: clear them only when all its checks are well.
    boolean targetWell =
        ladders.values().stream()
            .filter(o -> o != l && o.target().equals(l.target()))
            .allMatch(o -> o.phase == Phase.IDLE && o.healthySince != null && !o.gaveUp);
    if (targetWell) {
      StateStore.Target target = store.target(l.target());
      target.restarts.clear();
      target.nextRestartAt = 0;
      breaker(l).reset();
    }
    emit(l, new RecoveryEvent.Reset(l.check, now));
    save(l);
    if (wasQuarantined) {
      LOG.info("event=quarantine_lifted check={}", l.check);
    }
  }

  private CircuitBreaker breaker(Ladder l) {
    return breakers.computeIfAbsent(
        l.target(),
        name -> {
          CircuitBreaker breaker =
              CircuitBreaker.of(
                  name,
                  CircuitBreakerConfig.custom()
                      .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                      .slidingWindowSize(guards.breakerFailures())
                      .minimumNumberOfCalls(guards.breakerFailures())
                      .failureRateThreshold(100)
                      .waitDurationInOpenState(guards.breakerOpenFor())
                      .permittedNumberOfCallsInHalfOpenState(1)
                      .clock(clock())
                      .build());
          if (store.target(name).breakerOpen) {
            breaker.transitionToOpenState(); // open again after a restart; the wait starts over
          }
          return breaker;
        });
  }

  private Clock clock() {
    return new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return ticker.wallTime();
      }
    };
  }

  private void emit(Ladder l, RecoveryEvent event) {
    pending.add(event);
    l.recent.addLast(event);
    while (l.recent.size() > RECENT) {
      l.recent.pollFirst();
    }
  }

  private void save(Ladder l) {
    StateStore.Check saved = store.check(l.check);
    saved.step = l.step;
    saved.quarantined = l.gaveUp;
    saved.reason = l.quarantineReason;
    store.target(l.target()).breakerOpen = breaker(l).getState() == CircuitBreaker.State.OPEN;
    store.save();
  }

  /** What the healer knows about a check, for {@code /health/checks/{name}} and diagnostics. */
  public Optional<Map<String, Object>> view(String check) {
    lock.lock();
    try {
      Ladder l = ladders.get(check);
      if (l == null) {
        return Optional.empty();
      }
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("phase", l.phase.name().toLowerCase(java.util.Locale.ROOT));
      view.put("step", l.current().name());
      view.put("step_index", l.step);
      view.put("attempts_on_step", l.attempts);
      view.put("quarantined", l.gaveUp);
      if (l.gaveUp) {
        view.put("quarantine_reason", l.quarantineReason);
      }
      if (!l.suppressed.isEmpty()) {
        view.put("suppressed", l.suppressed);
      }
      view.put("breaker", breaker(l).getState().name().toLowerCase(java.util.Locale.ROOT));
      view.put("restarts_in_window", store.target(l.target()).restarts.size());
      view.put("recent", l.recent.stream().map(Object::toString).toList());
      return Optional.of(view);
    } finally {
      lock.unlock();
    }
  }

  /** Every protected check's view. */
  public Map<String, Map<String, Object>> views() {
    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
    List<String> names;
    lock.lock();
    try {
      names = List.copyOf(ladders.keySet());
    } finally {
      lock.unlock();
    }
    names.forEach(n -> view(n).ifPresent(v -> all.put(n, v)));
    return all;
  }

  /** Whether the check is quarantined (healing gave up). */
  public boolean quarantined(String check) {
    lock.lock();
    try {
      Ladder l = ladders.get(check);
      return l != null && l.gaveUp;
    } finally {
      lock.unlock();
    }
  }

  /** The breaker state of the check's target: 0 closed, 1 open, 2 half-open, -1 unknown. */
  public int breakerState(String check) {
    lock.lock();
    try {
      Ladder l = ladders.get(check);
      if (l == null) {
        return -1;
      }
      return switch (breaker(l).getState()) {
        case CLOSED -> 0;
        case OPEN, FORCED_OPEN -> 1;
        case HALF_OPEN -> 2;
        default -> -1;
      };
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closing = true;
    running = false;
    wakeUp();
    if (subscription != null) {
      subscription.close();
    }
    if (timer != null) {
      try {
        timer.join(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<Thread> actions = new ArrayList<>();
    lock.lock();
    try {
      for (Ladder l : ladders.values()) {
        if (l.actionThread != null) {
          actions.add(l.actionThread);
          l.actionThread.interrupt();
        }
      }
    } finally {
      lock.unlock();
    }
    for (Thread action : actions) {
      try {
        action.join(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
