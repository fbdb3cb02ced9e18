package io.vigil.core.internal;

import io.vigil.core.CheckSpec;
import io.vigil.core.Durations;
import io.vigil.core.HealthEvent;
import io.vigil.core.Result;
import io.vigil.core.StateType;
import io.vigil.core.Status;
import io.vigil.core.Ticker;
import java.time.Duration;

/**
 * Turns a check's results into its state and events: history ring, score ring, soft/hard state
 * machine ({@link CheckState}), flap detector ({@link FlapDetector}), then the check's new view in
 * the {@link SnapshotCache}. Engine lock.
 */
final class Judge {

  private final Ticker ticker;
  private final Events events;
  private final SnapshotCache cache;
  private final Scheduler scheduler;

  Judge(Ticker ticker, Events events, SnapshotCache cache, Scheduler scheduler) {
    this.ticker = ticker;
    this.events = events;
    this.cache = cache;
    this.scheduler = scheduler;
  }

  /** Judges a run's result; the check's staleness deadline starts again from now. */
  void record(CheckEntry entry, Result result, long now) {
    CheckSpec spec = entry.spec;
    Status fromStatus = entry.state.status();
    StateType fromType = entry.state.type();
    entry.lastResult = result;
    entry.history.add(result);
    if (events.any()) {
      events.emit(new HealthEvent.RunCompleted(spec.name(), result, result.timestamp()));
    }
    entry.recent.add(result.status());
    boolean changed =
        entry.state.apply(result.status(), spec.failureThreshold(), spec.successThreshold());
    if (changed) {
      entry.lastChange = result.timestamp();
      events.emit(stateChanged(entry, fromStatus, fromType, result));
    }
    flapping(entry, result);
    scheduler.rearmStale(entry, now);
    cache.publish(entry);
  }

  private void flapping(CheckEntry entry, Result result) {
    CheckSpec spec = entry.spec;
    switch (entry.flap.add(result.status(), spec.flapStartPercent(), spec.flapStopPercent())) {
      case STARTED ->
          events.emit(
              new HealthEvent.FlappingStarted(
                  spec.name(), entry.flap.percent(), result.timestamp()));
      case STOPPED ->
          events.emit(
              new HealthEvent.FlappingStopped(
                  spec.name(), entry.flap.percent(), result.timestamp()));
      case NONE -> {}
    }
  }

  /** Forgets the check's flap history (a verified recovery's own transitions); flapping stops. */
  void resetFlapping(CheckEntry entry) {
    if (entry.flap.reset()) {
      events.emit(new HealthEvent.FlappingStopped(entry.spec.name(), 0, ticker.wallTime()));
    }
    cache.publish(entry);
  }

  /** No result within {@code staleAfter}: the check is UNKNOWN, hard, and stale. */
  void markStale(CheckEntry entry) {
    entry.staleTimer = null;
    Status fromStatus = entry.state.status();
    StateType fromType = entry.state.type();
    if (entry.state.markStale()) {
      Result result =
          Result.unknown("no result for " + Durations.format(entry.spec.staleAfter()))
              .stamped(Duration.ZERO, ticker.wallTime());
      entry.lastChange = result.timestamp();
      events.emit(stateChanged(entry, fromStatus, fromType, result));
    }
    cache.publish(entry);
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
}
