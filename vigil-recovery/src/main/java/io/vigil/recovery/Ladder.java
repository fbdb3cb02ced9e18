package io.vigil.recovery;

import io.vigil.recovery.internal.StateStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One protected check's ladder: where it is ({@link Phase}), which step, how many attempts, the
 * quarantine of the current episode, its recent events. Not thread-safe: the healer's lock guards
 * it.
 */
final class Ladder {

  private static final int RECENT = 20;

  final String check;
  RecoveryPolicy policy;
  int step;
  int attempts;
  Phase phase = new Phase.Idle();

  /** Set when healing gave up; kept through trials until sustained health resets the ladder. */
  Optional<RecoveryView.Quarantine> quarantine = Optional.empty();

  /** Since when the check has been OK; null while it is not. */
  Instant healthySince;

  /** Why due actions are held back, since the suppression started; empty when they are not. */
  String suppressed = "";

  /**
   * Definitive evidence that the check's service is down (its supervised program exited), until an
   * action acts on it: the ladder acts without waiting for the check, and flapping does not hold it
   * back.
   */
  Optional<String> evidence = Optional.empty();

  /** The breaker allowed its half-open trial: the next attempt does not ask it again. */
  boolean trialPermitted;

  /** The last action's thread, until it ends (a timed-out action may still be running). */
  Thread action;

  /** Something the recovery state keeps changed. */
  boolean dirty;

  private final Deque<RecoveryEvent> recent = new ArrayDeque<>();
  private final Consumer<RecoveryEvent> events;

  Ladder(String check, RecoveryPolicy policy, Consumer<RecoveryEvent> events) {
    this.check = check;
    this.policy = policy;
    this.events = events;
  }

  String target() {
    return policy.target().isEmpty() ? check : policy.target();
  }

  RecoveryStep current() {
    return policy.steps().get(Math.min(step, policy.steps().size() - 1));
  }

  boolean actionAlive() {
    return action != null && action.isAlive();
  }

  /** Whether the check has been OK for the policy's {@code resetAfter}. */
  boolean healthyLongEnough(Instant now) {
    return healthySince != null && !now.isBefore(healthySince.plus(policy.resetAfter()));
  }

  void emit(RecoveryEvent event) {
    events.accept(event);
    recent.addLast(event);
    while (recent.size() > RECENT) {
      recent.pollFirst();
    }
  }

  /** Says once why an action is held back (again only when the reason changes). */
  void suppress(String reason, Instant now) {
    if (!reason.equals(suppressed)) {
      suppressed = reason;
      emit(new RecoveryEvent.Suppressed(check, reason, now));
    }
  }

  /** The suppression, if any, is over: says so once. */
  void endSuppression(Instant now) {
    if (!suppressed.isEmpty()) {
      emit(new RecoveryEvent.SuppressionEnded(check, suppressed, now));
      suppressed = "";
    }
  }

  /** With evidence that the program exited: go straight to the first restart step from here. */
  void skipToRestart() {
    for (int i = step; i < policy.steps().size(); i++) {
      if (policy.steps().get(i).restart()) {
        if (i != step) {
          step = i;
          attempts = 0;
          dirty = true;
        }
        return;
      }
    }
  }

  /** After a failed attempt: the same step again while it may repeat, else the next one. */
  void escalate(Instant now) {
    if (attempts < current().repeat()) {
      return;
    }
    if (step + 1 >= policy.steps().size()) {
      giveUp(QuarantineCause.LADDER_EXHAUSTED, "every step of the recovery ladder failed", now);
      return;
    }
    step++;
    attempts = 0;
    dirty = true;
  }

  /** Quarantines the check; one {@link RecoveryEvent.GaveUp} per episode. */
  void giveUp(QuarantineCause cause, String reason, Instant now) {
    Instant since = quarantine.map(RecoveryView.Quarantine::since).orElse(now);
    if (quarantine.isEmpty()) {
      emit(new RecoveryEvent.GaveUp(check, reason, now));
    }
    quarantine = Optional.of(new RecoveryView.Quarantine(cause, reason, since));
    phase = new Phase.Quarantined(cause, since);
    dirty = true;
  }

  /** Sustained health (or an operator's lift): the ladder starts over from its first step. */
  void reset(Instant now) {
    step = 0;
    attempts = 0;
    phase = new Phase.Idle();
    quarantine = Optional.empty();
    endSuppression(now);
    dirty = true;
    emit(new RecoveryEvent.Reset(check, now));
  }

  /** Idle, OK and not quarantined: does not stand in the way of resetting its target's guards. */
  boolean well() {
    return phase instanceof Phase.Idle && healthySince != null && quarantine.isEmpty();
  }

  /** Picks up where a previous run of the agent left off: the step and any quarantine. */
  void restore(StateStore.Check saved, Instant now) {
    step = Math.min(saved.step, policy.steps().size() - 1);
    saved.quarantine.ifPresent(
        q -> {
          // A file of an older version may not say since when: healing gave up before this start.
          Instant since = q.since().equals(Instant.EPOCH) ? now : q.since();
          quarantine = Optional.of(new RecoveryView.Quarantine(q.cause(), q.reason(), since));
          phase = new Phase.Quarantined(q.cause(), since);
        });
  }

  /** What the recovery state keeps of the ladder. */
  void save(StateStore.Check saved) {
    saved.step = step;
    saved.quarantine = quarantine;
  }

  RecoveryView view(TargetGuards guards) {
    Optional<Instant> until =
        switch (phase) {
          case Phase.Verifying v -> Optional.of(v.until());
          case Phase.Waiting w -> Optional.of(w.until());
          case Phase.Idle i -> Optional.empty();
          case Phase.Running r -> Optional.empty();
          case Phase.Quarantined q -> Optional.empty();
        };
    return new RecoveryView(
        check,
        phase.name(),
        until,
        current().name(),
        step,
        attempts,
        guards.breakerState(),
        quarantine,
        suppressed.isEmpty() ? Optional.empty() : Optional.of(suppressed),
        guards.restartsInWindow(),
        List.copyOf(recent));
  }
}
