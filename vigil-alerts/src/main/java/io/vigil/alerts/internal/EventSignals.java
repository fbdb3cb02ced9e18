package io.vigil.alerts.internal;

import io.vigil.alerts.AlertKind;
import io.vigil.alerts.Severity;
import io.vigil.alerts.Signal;
import io.vigil.core.HealthEvent;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the engine's events into signals: a hard failure opens a {@code down} alert (or {@code
 * stale} when the check has no fresh result), recovery resolves it; while a check flaps its {@code
 * down} alert is replaced by one {@code flapping} alert, and when flapping stops the check's state
 * then decides. Soft states open nothing. Not thread-safe: the engine holds its lock.
 */
final class EventSignals {

  /** The message of the engine's synthetic result for a stale check. */
  private static final String STALE_PREFIX = "no result for ";

  private final Set<String> flapping = new HashSet<>();
  private final Map<String, HealthEvent.StateChanged> lastHard = new HashMap<>();

  /** The signals an event means (none for most events). */
  List<Signal> of(HealthEvent event) {
    return switch (event) {
      case HealthEvent.StateChanged e -> stateChanged(e);
      case HealthEvent.FlappingStarted e -> flappingStarted(e.check(), e.percentChange(), e.at());
      case HealthEvent.FlappingStopped e -> flappingStopped(e.check(), e.at());
      case HealthEvent.CheckRemoved e -> removed(e.check(), e.at());
      default -> List.of();
    };
  }

  private List<Signal> stateChanged(HealthEvent.StateChanged e) {
    if (e.to() == Status.OK) {
      lastHard.remove(e.check());
      return List.of(
          resolve(AlertKind.DOWN, e.check(), "recovered: " + e.result().message(), e),
          resolve(AlertKind.STALE, e.check(), "fresh results again", e));
    }
    if (!e.isHard()) {
      return List.of();
    }
    lastHard.put(e.check(), e);
    if (flapping.contains(e.check())) {
      return List.of(); // the flapping alert stands for it
    }
    return failing(e);
  }

  private static List<Signal> failing(HealthEvent.StateChanged e) {
    boolean stale = e.to() == Status.UNKNOWN && e.result().message().startsWith(STALE_PREFIX);
    AlertKind kind = stale ? AlertKind.STALE : AlertKind.DOWN;
    AlertKind other = stale ? AlertKind.DOWN : AlertKind.STALE;
    Severity severity =
        e.to() == Status.WARNING
            ? Severity.WARNING
            : e.critical() ? Severity.CRITICAL : Severity.WARNING;
    String message = e.to() + ": " + e.result().message();
    List<Signal> out = new ArrayList<>();
    out.add(resolve(other, e.check(), message, e));
    out.add(
        new Signal(
            kind,
            Map.of("check", e.check()),
            true,
            Optional.of(severity),
            message,
            Optional.of(e.result()),
            e.at()));
    return out;
  }

  private List<Signal> flappingStarted(String check, double percent, Instant at) {
    flapping.add(check);
    String message = String.format("flapping: %.0f%% state change", percent);
    return List.of(
        Signal.resolve(AlertKind.DOWN, Map.of("check", check), "replaced by flapping", at),
        new Signal(
            AlertKind.FLAPPING,
            Map.of("check", check),
            true,
            Optional.of(Severity.WARNING),
            message,
            Optional.empty(),
            at));
  }

  private List<Signal> flappingStopped(String check, Instant at) {
    if (!flapping.remove(check)) {
      return List.of();
    }
    List<Signal> out = new ArrayList<>();
    out.add(Signal.resolve(AlertKind.FLAPPING, Map.of("check", check), "stopped flapping", at));
    HealthEvent.StateChanged last = lastHard.get(check);
    if (last != null) {
      out.addAll(failing(last));
    }
    return out;
  }

  private List<Signal> removed(String check, Instant at) {
    flapping.remove(check);
    lastHard.remove(check);
    List<Signal> out = new ArrayList<>();
    for (AlertKind kind : List.of(AlertKind.DOWN, AlertKind.STALE, AlertKind.FLAPPING)) {
      out.add(Signal.resolve(kind, Map.of("check", check), "check removed", at));
    }
    return out;
  }

  private static Signal resolve(
      AlertKind kind, String check, String message, HealthEvent.StateChanged e) {
    return new Signal(
        kind,
        Map.of("check", check),
        false,
        Optional.empty(),
        message,
        Optional.<Result>of(e.result()),
        e.at());
  }
}
