package io.vigil.recovery;

import io.vigil.core.CheckSnapshot;
import io.vigil.core.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Decides whether a due action may run, asking in order: leadership, dependencies, the previous
 * action, flapping, the target's restart budget and backoff, the global cap, the target's circuit
 * breaker. The breaker is asked last: in half-open state, asking takes its one trial.
 */
final class Gate {

  private static final Duration DEPENDENCY_WAIT = Duration.ofMillis(500);

  /** What the guards say about a due action. */
  sealed interface Verdict {
    /** Go ahead. */
    record Act() implements Verdict {}

    /** Held back for now; the ladder stays where it is. */
    record Hold(String reason) implements Verdict {}

    /** Held back until {@code until}. */
    record Wait(Instant until, Phase.WaitReason why, String reason) implements Verdict {}

    /** Healing gives up. */
    record GiveUp(QuarantineCause cause, String reason) implements Verdict {}
  }

  private final BooleanSupplier leader;
  private final ActionCap cap;
  private final Consumer<String> recheck;
  private final LongSupplier token;
  private ActionFence fence;

  /**
   * @param recheck asks the monitor for a fresh run of a check (after the healer's lock is freed)
   * @param token the token of notification steps, and of every action until a fence is set
   */
  Gate(BooleanSupplier leader, ActionCap cap, Consumer<String> recheck, LongSupplier token) {
    this.leader = leader;
    this.cap = cap;
    this.recheck = recheck;
    this.token = token;
    this.fence = ActionFence.local(token);
  }

  void fence(ActionFence value) {
    fence = value;
  }

  /**
   * The fencing token of the step's action, or empty when the fence refused it (the ladder is
   * suppressed with the reason). A notification step (log) stays in the process: never fenced.
   */
  OptionalLong permit(Ladder l, RecoveryStep step, Guards guards, Instant now) {
    if (notification(step)) {
      return OptionalLong.of(token.getAsLong());
    }
    return switch (fence.permit(l.check, l.target(), step, guards)) {
      case ActionFence.Permit.Granted g -> OptionalLong.of(g.token());
      case ActionFence.Permit.Refused r -> {
        l.suppress("fenced: " + r.reason(), now);
        yield OptionalLong.empty();
      }
    };
  }

  Verdict judge(Ladder l, CheckSnapshot c, Checks snapshot, TargetGuards guards, Instant now) {
    if (!leader.getAsBoolean()) {
      return new Verdict.Hold("not the leader");
    }
    Optional<String> blocker = downDependency(c, snapshot);
    if (blocker.isPresent()) {
      return new Verdict.Hold("blocked by " + blocker.get());
    }
    if (l.actionAlive()) {
      return new Verdict.Hold("the previous action is still running");
    }
    if (l.evidence.isEmpty()) {
      // An exited program is definitive: no second look, and flapping is no reason to wait.
      Optional<Verdict> confirming = confirmDependencies(l, c, snapshot, now);
      if (confirming.isPresent()) {
        return confirming.get();
      }
      if (flapping(l, c)) {
        return new Verdict.Hold("flapping");
      }
    }
    return guards(l, guards, now);
  }

  /**
   * What would hold an action back whether or not the check fails right now (leadership, a down
   * dependency, flapping): while it holds, a suppression is not over.
   */
  Optional<String> hold(Ladder l, CheckSnapshot c, Checks snapshot) {
    if (!leader.getAsBoolean()) {
      return Optional.of("not the leader");
    }
    Optional<String> blocker = downDependency(c, snapshot);
    if (blocker.isPresent()) {
      return Optional.of("blocked by " + blocker.get());
    }
    return flapping(l, c) ? Optional.of("flapping") : Optional.empty();
  }

  private static boolean flapping(Ladder l, CheckSnapshot c) {
    return c.flapping() && !l.policy.allowWhileFlapping();
  }

  private Verdict guards(Ladder l, TargetGuards guards, Instant now) {
    RecoveryStep step = l.current();
    if (step.restart()) {
      Optional<String> spent = guards.budgetSpent(now);
      if (spent.isPresent()) {
        return new Verdict.GiveUp(QuarantineCause.BUDGET_SPENT, spent.get());
      }
      Optional<Instant> backoff = guards.backoffUntil(now);
      if (backoff.isPresent()) {
        return new Verdict.Wait(
            backoff.get(), Phase.WaitReason.BACKOFF, "backing off until " + backoff.get());
      }
    }
    if (notification(step)) {
      return new Verdict.Act(); // a log line: no cap, no breaker
    }
    Optional<Instant> full = cap.fullUntil(now);
    if (full.isPresent()) {
      return new Verdict.Wait(
          full.get(),
          Phase.WaitReason.RATE_CAP,
          "global limit of " + cap.perMinute() + " recovery actions per minute");
    }
    if (!l.trialPermitted && !guards.permit()) {
      return new Verdict.GiveUp(QuarantineCause.BREAKER_OPEN, guards.openReason());
    }
    return new Verdict.Act();
  }

  /** Counts an action started {@code now} against the global cap. */
  void counted(Instant now) {
    cap.record(now);
  }

  /** A step that only notifies (a log line): nothing to verify, no cap, no breaker. */
  static boolean notification(RecoveryStep step) {
    return step.verify().isZero();
  }

  /** As Nagios checks a parent before blaming a child: look again where results are out of date. */
  private Optional<Verdict> confirmDependencies(
      Ladder l, CheckSnapshot c, Checks snapshot, Instant now) {
    Instant failedAt = c.lastResult().map(Result::timestamp).orElse(Instant.EPOCH);
    for (String dependency : c.spec().dependsOn()) {
      Optional<CheckSnapshot> d = snapshot.check(dependency);
      if (d.isEmpty()) {
        continue;
      }
      if (d.get().lastChange().isAfter(failedAt)) {
        // The dependency changed (recovered) since this check last ran: let it look again.
        recheck.accept(l.check);
        return Optional.of(wait(now, "confirming after " + dependency + " changed"));
      }
      Instant checkedAt = d.get().lastResult().map(Result::timestamp).orElse(Instant.EPOCH);
      if (checkedAt.isBefore(failedAt)) {
        recheck.accept(dependency);
        return Optional.of(wait(now, "confirming dependency " + dependency));
      }
    }
    return Optional.empty();
  }

  private static Verdict wait(Instant now, String reason) {
    return new Verdict.Wait(now.plus(DEPENDENCY_WAIT), Phase.WaitReason.DEPENDENCY, reason);
  }

  /** The first of the check's dependencies that is down, if any. */
  static Optional<String> downDependency(CheckSnapshot c, Checks snapshot) {
    return c.spec().dependsOn().stream()
        .filter(d -> snapshot.check(d).map(Gate::down).orElse(false))
        .findFirst();
  }

  static boolean down(CheckSnapshot c) {
    return !c.pending() && c.status().isDown();
  }
}
