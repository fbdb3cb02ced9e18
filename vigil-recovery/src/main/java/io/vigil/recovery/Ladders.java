package io.vigil.recovery;

import io.vigil.core.CheckSnapshot;
import io.vigil.core.Durations;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.Result;
import io.vigil.core.StateType;
import io.vigil.core.Status;
import io.vigil.recovery.internal.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ladders of all protected checks and the transitions of their {@link Phase}s: on every
 * evaluation each ladder reads its check's snapshot and moves on (acts, judges a verify window,
 * stops waiting, resets, tries its breaker's trial). Not thread-safe: the {@link Healer}'s lock
 * guards every call.
 */
final class Ladders {

  private static final Logger LOG = LoggerFactory.getLogger(Healer.class);

  /** Receives an action's end, on the action's thread. */
  interface Completion {
    void done(Ladder ladder, Phase.Running run, Optional<String> error);
  }

  /** A check's results finished since an instant, oldest first. */
  interface Results {
    List<Result> since(String check, Instant from);
  }

  private final Guards guards;
  private final StateStore store;
  private final Clock clock;
  private final ActionRunner runner;
  private final Gate gate;
  private final Completion completion;
  private final Results results;
  private final Map<String, Ladder> ladders = new LinkedHashMap<>();
  private final Map<String, TargetGuards> targets = new LinkedHashMap<>();
  private final Outbox outbox = new Outbox();
  private boolean closing;

  Ladders(
      Guards guards,
      StateStore store,
      Clock clock,
      LongSupplier fencingToken,
      BooleanSupplier leader,
      ActionRunner runner,
      Completion completion,
      Results results) {
    this.guards = guards;
    this.store = store;
    this.clock = clock;
    this.runner = runner;
    this.completion = completion;
    this.results = results;
    this.gate =
        new Gate(leader, new ActionCap(guards.actionsPerMinute()), outbox::recheck, fencingToken);
  }

  /** From now on, every action asks {@code fence} first. */
  void fence(ActionFence fence) {
    gate.fence(fence);
  }

  void protect(String check, RecoveryPolicy policy, Instant now) {
    Ladder ladder = ladders.get(check);
    if (ladder != null) {
      ladder.policy = policy;
      ladder.step = Math.min(ladder.step, policy.steps().size() - 1);
      return;
    }
    ladder = new Ladder(check, policy, outbox::event);
    ladder.restore(store.check(check), now);
    ladders.put(check, ladder);
  }

  /** Stops healing the check; returns its running action, to be interrupted. */
  Optional<Thread> unprotect(String check) {
    Ladder ladder = ladders.remove(check);
    return ladder == null ? Optional.empty() : Optional.ofNullable(ladder.action);
  }

  void evaluate(Checks snapshot, Instant now) {
    for (Ladder ladder : List.copyOf(ladders.values())) {
      snapshot.check(ladder.check).ifPresent(c -> evaluate(ladder, c, snapshot, now));
    }
    flush();
  }

  private void evaluate(Ladder l, CheckSnapshot c, Checks snapshot, Instant now) {
    boolean failing =
        l.evidence.isPresent()
            || (c.spec().enabled()
                && Gate.down(c)
                && (c.stateType() == StateType.HARD || l.current().onSoft()));
    if (!ok(c)) {
      l.healthySince = null;
    } else if (l.healthySince == null) {
      l.healthySince = now;
    }
    switch (l.phase) {
      case Phase.Running r -> {
        if (!now.isBefore(r.startedAt().plus(r.step().timeout()))) {
          if (l.action != null) {
            l.action.interrupt();
          }
          failed(
              l,
              r.startedAt(),
              "the action timed out after " + Durations.format(r.step().timeout()),
              now);
        }
      }
      case Phase.Verifying v -> verify(l, v, c, snapshot, now, failing);
      case Phase.Waiting w -> {
        if (!now.isBefore(w.until())) {
          l.phase = new Phase.Idle();
          if (failing) {
            attempt(l, c, snapshot, now);
          }
        }
      }
      case Phase.Quarantined q -> {
        if (l.healthyLongEnough(now)) {
          reset(l, now);
        } else if (failing && q.cause() == QuarantineCause.BREAKER_OPEN && guards(l).permit()) {
          l.trialPermitted = true; // the breaker's half-open trial
          l.phase = new Phase.Idle();
          attempt(l, c, snapshot, now);
        }
      }
      case Phase.Idle i -> {
        if (l.healthyLongEnough(now) && (l.step > 0 || l.attempts > 0)) {
          reset(l, now); // an exit noticed meanwhile is acted on at the next evaluation
        } else if (failing) {
          attempt(l, c, snapshot, now);
        } else if (gate.hold(l, c, snapshot).isEmpty()) {
          l.endSuppression(now); // not while OK between two failures of a flapping check
        }
      }
    }
  }

  /**
   * At the end of the verify window, judged on the check's thresholds over the window ({@link
   * Verification}); at once when the program exited again meanwhile.
   */
  private void verify(
      Ladder l, Phase.Verifying v, CheckSnapshot c, Checks snapshot, Instant now, boolean failing) {
    if (l.evidence.isPresent()) {
      failed(l, v.startedAt(), l.evidence.get() + " within the verify window", now);
      attempt(l, c, snapshot, now);
      return;
    }
    if (now.isBefore(v.until())) {
      // Judged at the window's end; meanwhile looked at again at the check's retry pace while it
      // is not OK, so a restarted program counts as healthy as soon as it answers.
      Instant lastRun = c.lastResult().map(Result::timestamp).orElse(Instant.EPOCH);
      if (!ok(c) && !now.isBefore(lastRun.plus(c.spec().retryInterval()))) {
        outbox.recheck(l.check);
      }
      return;
    }
    Optional<String> blocker = Gate.downDependency(c, snapshot);
    if (blocker.isPresent()) {
      // Its dependency went down meanwhile: not this step's failure.
      l.phase = new Phase.Idle();
      l.suppress("blocked by " + blocker.get(), now);
      return;
    }
    Instant actionEnd = v.until().minus(v.step().verify());
    Instant limit = v.until().plus(c.spec().interval()).plus(c.spec().timeout());
    List<Result> window = results.since(l.check, actionEnd);
    switch (Verification.judge(v, c, window, limit, now)) {
      case Verification.Verdict.Recovered r -> {
        Duration took = Duration.between(v.startedAt(), now);
        guards(l).succeeded(took);
        l.emit(new RecoveryEvent.Succeeded(l.check, v.step().name(), l.attempts, took, now));
        l.phase = new Phase.Idle();
        l.dirty = true;
        outbox.forgetFlapping(l.check);
      }
      case Verification.Verdict.Failed f -> {
        failed(l, v.startedAt(), f.reason(), now);
        if (failing && l.phase instanceof Phase.Idle) {
          attempt(l, c, snapshot, now);
        }
      }
      case Verification.Verdict.Undecided u -> {
        if (!v.finalRunRequested()) {
          l.phase = new Phase.Verifying(v.step(), v.startedAt(), v.until(), true);
          outbox.recheck(l.check);
        }
      }
    }
  }

  private void attempt(Ladder l, CheckSnapshot c, Checks snapshot, Instant now) {
    if (!(l.phase instanceof Phase.Idle)) {
      return; // quarantined by the failure that came first
    }
    if (l.evidence.isPresent()) {
      l.skipToRestart();
    }
    switch (gate.judge(l, c, snapshot, guards(l), now)) {
      case Gate.Verdict.Hold h -> l.suppress(h.reason(), now);
      case Gate.Verdict.Wait w -> {
        l.phase = new Phase.Waiting(w.until(), w.why());
        l.suppress(w.reason(), now);
      }
      case Gate.Verdict.GiveUp g -> l.giveUp(g.cause(), g.reason(), now);
      case Gate.Verdict.Act a -> start(l, c, now);
    }
  }

  private void start(Ladder l, CheckSnapshot c, Instant now) {
    RecoveryStep step = l.current();
    OptionalLong permitted = gate.permit(l, step, guards, now);
    if (permitted.isEmpty()) {
      return; // fenced: the ladder holds, said once
    }
    long token = permitted.getAsLong();
    l.trialPermitted = false;
    if (!Gate.notification(step)) {
      gate.counted(now);
    }
    if (step.restart()) {
      guards(l).restarted(now);
    }
    l.attempts++;
    Phase.Running run = new Phase.Running(step, l.attempts, now);
    l.phase = run;
    l.endSuppression(now);
    l.dirty = true;
    l.emit(new RecoveryEvent.Started(l.check, step.name(), l.attempts, token, now));
    Result result =
        l.evidence
            .map(Result::critical)
            .orElseGet(() -> c.lastResult().orElse(Result.unknown("no result")));
    if (!Gate.notification(step)) {
      l.evidence = Optional.empty(); // acted on
    }
    RecoveryContext ctx =
        new RecoveryContext(l.check, result, step.name(), l.attempts, token, step.timeout());
    l.action = runner.start(step.action(), ctx, error -> completion.done(l, run, error));
  }

  /**
   * The action of {@code run} ended; returns whether the check should run again now (a verify
   * window started).
   */
  boolean actionDone(Ladder l, Phase.Running run, Optional<String> error, Instant now) {
    if (l.action == Thread.currentThread()) {
      l.action = null;
    }
    if (closing || l.phase != run || ladders.get(l.check) != l) {
      return false; // shutting down, timed out, or the check is no longer protected
    }
    boolean verify = false;
    if (error.isPresent()) {
      failed(l, run.startedAt(), error.get(), now);
    } else if (Gate.notification(run.step())) {
      // A notification step (log): nothing to verify, go on to the next step at once.
      l.phase = new Phase.Idle();
      l.attempts = run.step().repeat();
      l.escalate(now);
    } else {
      l.phase =
          new Phase.Verifying(run.step(), run.startedAt(), now.plus(run.step().verify()), false);
      verify = true;
    }
    flush();
    return verify;
  }

  private void failed(Ladder l, Instant startedAt, String reason, Instant now) {
    Duration took = Duration.between(startedAt, now);
    guards(l).failed(took, reason);
    l.emit(new RecoveryEvent.Failed(l.check, l.current().name(), l.attempts, reason, took, now));
    l.phase = new Phase.Idle();
    l.dirty = true;
    l.escalate(now);
  }

  /**
   * The check's supervised program exited: definitive evidence, acted on at the next evaluation.
   */
  boolean exited(String check, String how) {
    Ladder l = ladders.get(check);
    if (l == null) {
      return false;
    }
    l.evidence = Optional.of(how);
    return true;
  }

  /** An operator lifts the check's quarantine: ladder, budget and breaker start over. */
  QuarantineLift lift(String check, String by, Instant now) {
    Ladder l = ladders.get(check);
    if (l == null) {
      return new QuarantineLift(QuarantineLift.Outcome.NOT_PROTECTED, Optional.empty());
    }
    if (l.quarantine.isEmpty()) {
      return new QuarantineLift(QuarantineLift.Outcome.NOT_QUARANTINED, view(check));
    }
    l.emit(new RecoveryEvent.QuarantineLifted(check, by, now));
    l.reset(now);
    guards(l).reset();
    flush();
    return new QuarantineLift(QuarantineLift.Outcome.LIFTED, view(check));
  }

  /** Critical checks hard down that healing cannot help: no ladder, or healing gave up on them. */
  List<String> beyondHelp(HealthSnapshot snapshot) {
    return snapshot.checks().values().stream()
        .filter(c -> c.spec().critical() && c.spec().enabled())
        .filter(c -> Gate.down(c) && c.stateType() == StateType.HARD)
        .filter(c -> !ladders.containsKey(c.name()) || ladders.get(c.name()).quarantine.isPresent())
        .map(CheckSnapshot::name)
        .toList();
  }

  private void reset(Ladder l, Instant now) {
    boolean wasQuarantined = l.phase instanceof Phase.Quarantined;
    l.reset(now);
    // The target's budget and breaker are shared: clear them only when all its checks are well.
    boolean targetWell =
        ladders.values().stream()
            .filter(o -> o != l && o.target().equals(l.target()))
            .allMatch(Ladder::well);
    if (targetWell) {
      guards(l).reset();
    }
    if (wasQuarantined) {
      LOG.info("event=quarantine_lifted check={}", l.check);
    }
  }

  private TargetGuards guards(Ladder l) {
    return targets.computeIfAbsent(
        l.target(), name -> new TargetGuards(name, guards, store.target(name), clock));
  }

  /** Saves what changed (the recovery state). */
  private void flush() {
    boolean changed = false;
    for (Ladder l : ladders.values()) {
      if (l.dirty) {
        l.dirty = false;
        changed = true;
        l.save(store.check(l.check));
        guards(l).persist();
      }
    }
    if (changed) {
      store.save();
    }
  }

  Optional<RecoveryView> view(String check) {
    Ladder l = ladders.get(check);
    return l == null ? Optional.empty() : Optional.of(l.view(guards(l)));
  }

  List<String> names() {
    return List.copyOf(ladders.keySet());
  }

  /** What to carry out once the healer's lock is free. */
  Outbox.Drained drain() {
    return outbox.drain();
  }

  void close() {
    closing = true;
  }

  private static boolean ok(CheckSnapshot c) {
    return !c.pending() && c.status() == Status.OK;
  }
}
