package io.vigil.alerts;

import io.vigil.core.Result;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An alert: opened by a signal, resolved by another; immutable.
 *
 * @param fingerprint stable identity: a hash of the kind and the labels
 * @param kind what it is about
 * @param severity how urgent
 * @param labels what identifies it and what routes it ({@code alertname}, {@code check}, {@code
 *     component}, {@code severity}, {@code tags}, {@code node}, ...), sorted by name
 * @param annotations for people: {@code message}, {@code runbook}
 * @param startsAt when it started firing
 * @param endsAt when it was resolved; empty while firing
 * @param lastResult the check result that last changed it, if any
 * @param sequence how many changes (open, severity change, resolve) it had; with the fingerprint it
 *     identifies one transition
 */
public record Alert(
    String fingerprint,
    AlertKind kind,
    Severity severity,
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant startsAt,
    Optional<Instant> endsAt,
    Optional<Result> lastResult,
    long sequence) {

  /** Copies the maps (labels sorted). */
  public Alert {
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
  }

  /** Whether it fires (not resolved). */
  public boolean firing() {
    return endsAt.isEmpty();
  }

  /** The check it is about, if any. */
  public Optional<String> check() {
    return Optional.ofNullable(labels.get("check"));
  }

  /** The {@code message} annotation, or empty. */
  public String message() {
    return annotations.getOrDefault("message", "");
  }

  /** This alert resolved at {@code at}. */
  public Alert resolved(Instant at, Optional<Result> result) {
    return new Alert(
        fingerprint,
        kind,
        severity,
        labels,
        annotations,
        startsAt,
        Optional.of(at),
        result.or(() -> lastResult),
        sequence + 1);
  }
}
