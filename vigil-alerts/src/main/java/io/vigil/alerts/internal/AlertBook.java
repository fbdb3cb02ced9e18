package io.vigil.alerts.internal;

import io.vigil.alerts.Alert;
import io.vigil.alerts.AlertKind;
import io.vigil.alerts.CheckAlerting;
import io.vigil.alerts.Severity;
import io.vigil.alerts.Signal;
import io.vigil.core.CheckSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The alerts, by fingerprint: a signal opens, updates or resolves one. Resolved alerts stay for a
 * while so their groups can send the resolve. Not thread-safe: the engine holds its lock.
 */
final class AlertBook {

  private final Map<String, Alert> alerts = new LinkedHashMap<>();
  private final Function<String, Optional<CheckSpec>> specs;
  private final Map<String, String> external;
  private volatile Map<String, CheckAlerting> overrides = Map.of();

  /** A book finding checks' specs with {@code specs}; {@code external} labels go on every alert. */
  AlertBook(Function<String, Optional<CheckSpec>> specs, Map<String, String> external) {
    this.specs = specs;
    this.external = Map.copyOf(external);
  }

  void overrides(Map<String, CheckAlerting> value) {
    overrides = Map.copyOf(value);
  }

  /** Applies a signal; whether an alert changed. */
  boolean apply(Signal signal) {
    String fingerprint = fingerprint(signal.kind(), signal.labels());
    Alert current = alerts.get(fingerprint);
    if (!signal.firing()) {
      if (current == null || !current.firing()) {
        return false;
      }
      alerts.put(fingerprint, current.resolved(signal.at(), signal.result()));
      return true;
    }
    Severity severity = severity(signal);
    Map<String, String> labels = labels(signal, severity);
    Map<String, String> annotations = annotations(signal);
    if (current != null && current.firing()) {
      if (current.severity() == severity && current.labels().equals(labels)) {
        return false; // the same alert again: dedup
      }
      alerts.put(
          fingerprint,
          new Alert(
              fingerprint,
              signal.kind(),
              severity,
              labels,
              annotations,
              current.startsAt(),
              Optional.empty(),
              signal.result().or(current::lastResult),
              current.sequence() + 1));
      return true;
    }
    long sequence = current == null ? 1 : current.sequence() + 1;
    alerts.put(
        fingerprint,
        new Alert(
            fingerprint,
            signal.kind(),
            severity,
            labels,
            annotations,
            signal.at(),
            Optional.empty(),
            signal.result(),
            sequence));
    return true;
  }

  private Severity severity(Signal signal) {
    Optional<String> check = Optional.ofNullable(signal.labels().get("check"));
    Optional<Severity> override =
        check.flatMap(c -> Optional.ofNullable(overrides.get(c))).flatMap(CheckAlerting::severity);
    return override.or(signal::severity).orElse(Severity.WARNING);
  }

  private Map<String, String> labels(Signal signal, Severity severity) {
    Map<String, String> labels = new TreeMap<>(signal.labels());
    labels.put("alertname", alertName(signal.kind()));
    labels.put("severity", severity.id());
    Optional.ofNullable(signal.labels().get("check"))
        .flatMap(specs)
        .ifPresent(
            spec -> {
              labels.putIfAbsent("component", spec.component());
              if (!spec.tags().isEmpty()) {
                labels.putIfAbsent("tags", String.join(",", spec.tags()));
              }
            });
    external.forEach(labels::putIfAbsent);
    return labels;
  }

  private Map<String, String> annotations(Signal signal) {
    Map<String, String> annotations = new TreeMap<>();
    annotations.put("message", signal.message());
    Optional.ofNullable(signal.labels().get("check"))
        .flatMap(c -> Optional.ofNullable(overrides.get(c)))
        .flatMap(CheckAlerting::runbook)
        .ifPresent(r -> annotations.put("runbook", r));
    return annotations;
  }

  /** The alert name people and Alertmanager see for a kind. */
  static String alertName(AlertKind kind) {
    return switch (kind) {
      case DOWN -> "CheckDown";
      case FLAPPING -> "CheckFlapping";
      case GAVE_UP -> "RecoveryGaveUp";
      case STALE -> "CheckStale";
      case NODE_DEAD -> "NodeDead";
      case WATCHDOG -> "Watchdog";
    };
  }

  /** The fingerprint of a kind and identifying labels: 16 hex digits of their SHA-256. */
  static String fingerprint(AlertKind kind, Map<String, String> labels) {
    StringBuilder text = new StringBuilder(kind.id());
    new TreeMap<>(labels).forEach((k, v) -> text.append('\u0000').append(k).append('=').append(v));
    return hex(text.toString()).substring(0, 16);
  }

  static String hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  Optional<Alert> get(String fingerprint) {
    return Optional.ofNullable(alerts.get(fingerprint));
  }

  java.util.Set<String> fingerprints() {
    return alerts.keySet();
  }

  List<Alert> all() {
    return List.copyOf(alerts.values());
  }

  /** The firing alerts of a check, of any kind. */
  List<Alert> firing(String check) {
    List<Alert> out = new ArrayList<>();
    for (Alert a : alerts.values()) {
      if (a.firing() && a.check().filter(check::equals).isPresent()) {
        out.add(a);
      }
    }
    return out;
  }

  /** Forgets alerts resolved longer ago than {@code keep}. */
  void forgetResolved(Instant now, Duration keep) {
    alerts.values().removeIf(a -> a.endsAt().filter(e -> e.plus(keep).isBefore(now)).isPresent());
  }
}
