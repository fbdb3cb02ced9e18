package io.vigil.server.internal;

import io.vigil.core.CheckSnapshot;
import io.vigil.core.ComponentSnapshot;
import io.vigil.core.Durations;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.History;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import io.vigil.core.Status;
import io.vigil.core.SystemStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of the health endpoints, as ordered maps; secrets masked. */
public final class HealthJson {

  private HealthJson() {}

  public static String name(SystemStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  public static String name(Status status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  /** {@code GET /health} for an authorized caller. */
  public static Map<String, Object> health(
      HealthSnapshot s, Instant now, String version, String node) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", name(s.status()));
    json.put("message", Secrets.maskText(s.message()));
    json.put("score", round(s.score()));
    json.put("score_level", name(s.scoreLevel()));
    json.put("checks", checks(s, now));
    Duration uptime = Duration.between(s.startTime(), now);
    json.put("uptime", Durations.format(Duration.ofSeconds(uptime.toSeconds())));
    json.put("uptime_seconds", uptime.toSeconds());
    json.put("start_time", s.startTime().toString());
    json.put("last_update", s.updatedAt().toString());
    json.put("version", version);
    json.put("node_id", node);
    return json;
  }

  /** Every check by name. */
  public static Map<String, Object> checks(HealthSnapshot s, Instant now) {
    Map<String, Object> checks = new LinkedHashMap<>();
    s.checks().forEach((name, check) -> checks.put(name, check(s, check, now)));
    return checks;
  }

  /** One check, with the failing dependencies that block it ({@code blocked_by}). */
  public static Map<String, Object> check(HealthSnapshot s, CheckSnapshot check, Instant now) {
    Map<String, Object> json = check(check, now);
    List<String> blocked = s.blockedBy(check.name());
    if (!blocked.isEmpty() && check.failing()) {
      json.put("blocked_by", blocked);
      json.put("message", json.get("message") + " (blocked by " + String.join(", ", blocked) + ")");
    }
    return json;
  }

  /** One check. */
  public static Map<String, Object> check(CheckSnapshot c, Instant now) {
    Map<String, Object> json = new LinkedHashMap<>();
    boolean disabled = !c.spec().enabled();
    json.put("status", disabled ? "disabled" : c.pending() ? "pending" : name(c.status()));
    json.put("healthy", !c.pending() && c.status() == Status.OK);
    Result last = c.lastResult().orElse(null);
    json.put("message", Secrets.maskText(message(c, last)));
    json.put("details", last != null ? Secrets.mask(last.details()) : Map.of());
    if (last != null) {
      json.put("latency_ms", last.latency().toMillis());
      json.put("timestamp", last.timestamp().toString());
      json.put("age_ms", Math.max(0, Duration.between(last.timestamp(), now).toMillis()));
      last.error().ifPresent(e -> json.put("error", Secrets.maskText(e)));
    }
    json.put("state_type", c.stateType().name().toLowerCase(Locale.ROOT));
    json.put("consecutive_failures", c.consecutiveFailures());
    json.put("flapping", c.flapping());
    json.put("score", round(c.score()));
    json.put("critical", c.spec().critical());
    json.put("component", c.spec().component());
    json.put("tags", c.spec().tags());
    json.put("stale", c.stale());
    json.put("enabled", c.spec().enabled());
    json.put("last_change", c.lastChange().toString());
    if (c.abandonedRuns() > 0) {
      json.put("abandoned_runs", c.abandonedRuns());
    }
    return json;
  }

  private static String message(CheckSnapshot c, Result last) {
    if (!c.spec().enabled()) {
      return last != null ? "disabled; last result: " + last.message() : "disabled";
    }
    if (c.stale()) {
      return "no result for " + Durations.format(c.spec().staleAfter());
    }
    return last != null ? last.message() : "no result yet";
  }

  /** A check with its history. */
  public static Map<String, Object> checkWithHistory(
      HealthSnapshot s, CheckSnapshot c, History h, Instant now) {
    Map<String, Object> json = check(s, c, now);
    json.put(
        "history",
        h.results().stream()
            .map(
                r -> {
                  Map<String, Object> entry = new LinkedHashMap<>();
                  entry.put("status", name(r.status()));
                  entry.put("message", Secrets.maskText(r.message()));
                  entry.put("latency_ms", r.latency().toMillis());
                  entry.put("timestamp", r.timestamp().toString());
                  return entry;
                })
            .toList());
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Status status : Status.values()) {
      counts.put(name(status), h.counts().getOrDefault(status, 0L));
    }
    json.put("counts", counts);
    return json;
  }

  /**
   * The share of runs that were up (not CRITICAL or UNKNOWN; WARNING is up), in percent rounded to
   * 3 decimals; null without runs.
   */
  public static Double uptimePercent(History h) {
    long runs = h.counts().values().stream().mapToLong(Long::longValue).sum();
    if (runs == 0) {
      return null;
    }
    long down =
        h.counts().getOrDefault(Status.CRITICAL, 0L) + h.counts().getOrDefault(Status.UNKNOWN, 0L);
    return round(100.0 * (runs - down) / runs);
  }

  /** A component or tag group. */
  public static Map<String, Object> group(ComponentSnapshot g) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", name(g.status()));
    json.put("score", round(g.score()));
    json.put("score_level", name(g.scoreLevel()));
    json.put("checks", g.checks());
    return json;
  }

  public static double round(double score) {
    return Math.round(score * 1000) / 1000.0;
  }
}
