package io.vigil.server.dashboard;

import io.vigil.core.CheckSnapshot;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import io.vigil.core.Status;
import io.vigil.server.internal.HealthJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the page's rows are drawn from: the system line and one compact row per check (no
 * details, messages masked and cut), as a full snapshot or as the rows that changed between two
 * snapshots.
 */
final class Rows {

  /** Longest message sent in a row; the check page shows the whole one. */
  static final int MESSAGE_LIMIT = 300;

  private Rows() {}

  /** Every check of {@code s}. */
  static Map<String, Object> full(long seq, HealthSnapshot s, Instant now) {
    Map<String, Object> json = header(seq, s, now);
    List<Object> checks = new ArrayList<>(s.checks().size());
    s.checks().values().forEach(c -> checks.add(row(c)));
    json.put("checks", checks);
    return json;
  }

  /**
   * The checks whose state differs between {@code before} and {@code after} (a new run makes a new
   * check snapshot), and those removed; null when nothing changed.
   */
  static Map<String, Object> diff(
      long seq, HealthSnapshot before, HealthSnapshot after, Instant now) {
    List<Object> changed = new ArrayList<>();
    after
        .checks()
        .forEach(
            (name, c) -> {
              if (before.checks().get(name) != c) {
                changed.add(row(c));
              }
            });
    List<String> removed = new ArrayList<>();
    before
        .checks()
        .keySet()
        .forEach(
            n -> {
              if (!after.checks().containsKey(n)) {
                removed.add(n);
              }
            });
    boolean systemSame =
        before.status() == after.status()
            && before.message().equals(after.message())
            && before.score() == after.score();
    if (changed.isEmpty() && removed.isEmpty() && systemSame) {
      return null;
    }
    Map<String, Object> json = header(seq, after, now);
    json.put("checks", changed);
    json.put("removed", removed);
    return json;
  }

  private static Map<String, Object> header(long seq, HealthSnapshot s, Instant now) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seq", seq);
    json.put("now", now.toEpochMilli());
    json.put("system", system(s));
    return json;
  }

  /** The system line: status, message, score and counts. */
  static Map<String, Object> system(HealthSnapshot s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", HealthJson.name(s.status()));
    json.put("message", Secrets.maskText(s.message()));
    json.put("score", HealthJson.round(s.score()));
    json.put("score_level", HealthJson.name(s.scoreLevel()));
    json.put("started", s.startTime().toEpochMilli());
    json.put("total", s.checks().size());
    json.put("failing", s.checks().values().stream().filter(CheckSnapshot::failing).count());
    return json;
  }

  /**
   * One check's row: {@code name}, {@code status}, {@code state_type}, {@code component}, {@code
   * score}, {@code changed}, and when they apply {@code flapping}, {@code critical}, {@code stale},
   * {@code tags}, {@code failures}, {@code latency_ms}, {@code at}, and the {@code message}.
   */
  static Map<String, Object> row(CheckSnapshot c) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", c.name());
    json.put("status", status(c));
    json.put("state_type", c.stateType().name().toLowerCase(java.util.Locale.ROOT));
    json.put("component", c.spec().component());
    json.put("score", HealthJson.round(c.score()));
    // the usual values are left out: a thousand rows are a third smaller
    putIf(json, "flapping", c.flapping());
    putIf(json, "critical", c.spec().critical());
    putIf(json, "stale", c.stale());
    if (!c.spec().tags().isEmpty()) {
      json.put("tags", c.spec().tags());
    }
    if (c.consecutiveFailures() > 0) {
      json.put("failures", c.consecutiveFailures());
    }
    json.put("changed", c.lastChange().toEpochMilli());
    Result last = c.lastResult().orElse(null);
    if (last != null) {
      json.put("latency_ms", last.latency().toMillis());
      json.put("at", last.timestamp().toEpochMilli());
      json.put("message", cut(Secrets.maskText(last.message())));
    } else {
      json.put("message", c.stale() ? "no result in time" : "no result yet");
    }
    return json;
  }

  private static void putIf(Map<String, Object> json, String field, boolean value) {
    if (value) {
      json.put(field, true);
    }
  }

  /**
   * The status word of a check: {@code ok}...{@code unknown}, {@code pending}, {@code disabled}.
   */
  static String status(CheckSnapshot c) {
    if (!c.spec().enabled()) {
      return "disabled";
    }
    return c.pending() ? "pending" : HealthJson.name(c.status());
  }

  private static String cut(String message) {
    return message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT) + "…";
  }

  /** One letter per status for the uptime bars: o, w, c, u; {@code .} for no result. */
  static char letter(Status status) {
    return switch (status) {
      case OK -> 'o';
      case WARNING -> 'w';
      case CRITICAL -> 'c';
      case UNKNOWN -> 'u';
    };
  }

  /** The worse of two bar letters (no result < ok < warning < unknown < critical). */
  static char worse(char a, char b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(char letter) {
    return switch (letter) {
      case 'o' -> 1;
      case 'w' -> 2;
      case 'u' -> 3;
      case 'c' -> 4;
      default -> 0;
    };
  }
}
