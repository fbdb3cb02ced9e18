package io.vigil.core.internal;

import io.vigil.core.CheckResume;
import io.vigil.core.CheckSnapshot;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.MonitorSettings;
import io.vigil.core.Result;
import io.vigil.core.SystemStatus;
import java.time.Instant;
import java.util.Optional;

/** Everything the engine keeps for one registered check; guarded by the engine lock. */
final class CheckEntry {

  CheckSpec spec;
  HealthCheck check;
  final CheckState state = new CheckState();
  final FlapDetector flap = new FlapDetector();
  final StatusRing recent;
  final HistoryRing history;

  Run inFlight;

  /** A timed-out run whose body has not ended yet and is not abandoned. */
  Run lingering;

  /**
   * Where in its interval this check runs, as a fraction in [0, 1); NaN until it is first armed
   * ({@link Scheduler}).
   */
  double phase = Double.NaN;

  Timer dueTimer;
  Timer staleTimer;
  Result lastResult;
  Instant lastChange;
  long abandoned;

  /** Finished runs by status and duration; null until the first run ends. */
  RunCounter counts;

  boolean removed;

  /** What the check contributes to the system's tally: its view's impact, once published. */
  SystemStatus impact = SystemStatus.HEALTHY;

  /** The latest immutable view; read without the lock. */
  volatile CheckSnapshot view;

  CheckEntry(CheckSpec spec, HealthCheck check, MonitorSettings settings, Instant registeredAt) {
    this.spec = spec;
    this.check = check;
    this.recent = new StatusRing(settings.scoreWindow());
    this.history = new HistoryRing(settings.historySize());
    this.lastChange = registeredAt;
    this.view = buildView();
  }

  /** Continues from another monitor's state: the state machine, the last result and its status. */
  void resume(CheckResume resume) {
    state.resume(
        resume.status(),
        resume.stateType(),
        resume.consecutiveFailures(),
        resume.consecutiveSuccesses());
    resume
        .lastResult()
        .ifPresent(
            r -> {
              lastResult = r;
              history.add(r);
              recent.add(r.status());
            });
    lastChange = resume.lastChange();
    view = buildView();
  }

  CheckSnapshot buildView() {
    return new CheckSnapshot(
        spec,
        state.status(),
        state.type(),
        Optional.ofNullable(lastResult),
        state.consecutiveFailures(),
        state.consecutiveSuccesses(),
        flap.flapping(),
        flap.percent(),
        Scores.of(recent),
        state.stale(),
        lastChange,
        abandoned);
  }
}
