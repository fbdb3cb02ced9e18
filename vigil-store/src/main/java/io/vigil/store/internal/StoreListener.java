package io.vigil.store.internal;

import io.vigil.core.HealthEvent;
import io.vigil.core.HealthListener;
import io.vigil.store.Transition;
import io.vigil.store.TransitionKind;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the monitor's events into rows: transitions go to the write queue, finished runs into the
 * per-minute aggregator. Never blocks and never touches the database.
 */
final class StoreListener implements HealthListener {

  private final WriteQueue queue;
  private final MinuteAggregator minutes;

  StoreListener(WriteQueue queue, MinuteAggregator minutes) {
    this.queue = queue;
    this.minutes = minutes;
  }

  @Override
  public void onEvent(HealthEvent event) {
    switch (event) {
      case HealthEvent.RunCompleted run ->
          minutes.add(
              run.check(), run.result().status(), run.result().latency().toNanos() / 1e6, run.at());
      case HealthEvent.StateChanged s ->
          queue.offer(
              new Row.TransitionRow(
                  new Transition(
                      s.check(),
                      s.at(),
                      TransitionKind.STATE,
                      Optional.of(s.from()),
                      Optional.of(s.fromType()),
                      Optional.of(s.to()),
                      Optional.of(s.toType()),
                      s.critical(),
                      s.consecutiveFailures(),
                      s.result().message())));
      case HealthEvent.FlappingStarted f ->
          queue.offer(flap(f.check(), f.at(), TransitionKind.FLAPPING_STARTED, f.percentChange()));
      case HealthEvent.FlappingStopped f ->
          queue.offer(flap(f.check(), f.at(), TransitionKind.FLAPPING_STOPPED, f.percentChange()));
      default -> {}
    }
  }

  private static Row flap(String check, java.time.Instant at, TransitionKind kind, double pct) {
    return new Row.TransitionRow(
        new Transition(
            check,
            at,
            kind,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false,
            0,
            String.format(Locale.ROOT, "state change %.1f%%", pct)));
  }
}
