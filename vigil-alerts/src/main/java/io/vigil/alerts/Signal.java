package io.vigil.alerts;

import io.vigil.core.Result;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Something that opens or resolves an alert: the input of {@link Alerts#signal(Signal)}. The
 * engine's events become signals inside {@link Alerts#attach}; other sources (recovery that gave
 * up, a node the cluster declared dead) send their own:
 *
 * <pre>{@code
 * alerts.signal(Signal.open(AlertKind.NODE_DEAD, Map.of("node", "n2"), Severity.CRITICAL,
 *     "node n2 missed its heartbeats", Instant.now()));
 * }</pre>
 *
 * @param kind what it is about
 * @param labels what identifies the alert with the kind ({@code check}, {@code node}, ...); the
 *     engine adds {@code component} and {@code tags} for a check it knows
 * @param firing whether it opens (or updates) the alert; false resolves it
 * @param severity the severity; empty lets the engine derive it (from the check)
 * @param message for people
 * @param result the check result behind it, if any
 * @param at when it happened
 */
public record Signal(
    AlertKind kind,
    Map<String, String> labels,
    boolean firing,
    Optional<Severity> severity,
    String message,
    Optional<Result> result,
    Instant at) {

  /** Copies the labels. */
  public Signal {
    labels = Map.copyOf(labels);
  }

  /** A signal that opens an alert of a fixed severity. */
  public static Signal open(
      AlertKind kind, Map<String, String> labels, Severity severity, String message, Instant at) {
    return new Signal(kind, labels, true, Optional.of(severity), message, Optional.empty(), at);
  }

  /** A signal that resolves the alert of that kind and labels. */
  public static Signal resolve(
      AlertKind kind, Map<String, String> labels, String message, Instant at) {
    return new Signal(kind, labels, false, Optional.empty(), message, Optional.empty(), at);
  }
}
