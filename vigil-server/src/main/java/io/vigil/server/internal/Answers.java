package io.vigil.server.internal;

import io.vigil.core.Durations;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.Monitor;
import io.vigil.core.SystemStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The answers of the hot endpoints ({@code /health}, {@code /health/live}, {@code /health/ready},
 * {@code /health/started}, {@code /health/checks}), encoded once per snapshot and at most {@link
 * RenderCache#MAX_AGE} old. Both the router and the {@link FastPath} answer from here, so a body is
 * the same whichever path serves it.
 */
public final class Answers {

  /**
   * One answer.
   *
   * @param status the HTTP status
   * @param body the compact JSON body
   * @param value the value behind the body, rendered again for {@code ?pretty}
   */
  public record Answer(int status, Body body, Supplier<Object> value) {}

  private final Monitor monitor;
  private final String version;
  private final String node;
  private final Duration stuckAfter;
  private final RenderCache health = new RenderCache();
  private final RenderCache checks = new RenderCache();
  private final RenderCache live = new RenderCache();
  private final RenderCache ready = new RenderCache();
  private final RenderCache readyBrief = new RenderCache();
  private final Map<SystemStatus, Answer> statusOnly = new EnumMap<>(SystemStatus.class);
  private final Map<SystemStatus, Answer> started = new EnumMap<>(SystemStatus.class);

  /**
   * Answers for {@code monitor}.
   *
   * @param stuckAfter a scheduler that has not woken up for this long fails liveness
   */
  public Answers(Monitor monitor, String version, String node, Duration stuckAfter) {
    this.monitor = monitor;
    this.version = version;
    this.node = node;
    this.stuckAfter = stuckAfter;
    for (SystemStatus s : SystemStatus.values()) {
      statusOnly.put(s, fixed(s.httpCode(), Map.of("status", HealthJson.name(s))));
      boolean up = s != SystemStatus.STARTING;
      started.put(s, fixed(up ? 200 : 503, Map.of("started", up, "status", HealthJson.name(s))));
    }
  }

  private static Answer fixed(int status, Map<String, Object> value) {
    return new Answer(status, new Body(Json.bytes(value, false)), () -> value);
  }

  /** {@code GET /health}: every detail for an authorized caller, else the status alone. */
  public Answer health(boolean authorized) {
    HealthSnapshot s = monitor.snapshot();
    if (!authorized) {
      return statusOnly.get(s.status());
    }
    Supplier<Object> value = () -> HealthJson.health(s, Instant.now(), version, node);
    return new Answer(s.status().httpCode(), health.body(s, value), value);
  }

  /** {@code GET /health/checks}. */
  public Answer checks() {
    HealthSnapshot s = monitor.snapshot();
    Supplier<Object> value =
        () -> {
          Instant now = Instant.now();
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("checks", HealthJson.checks(s, now));
          json.put("total", s.checks().size());
          json.put("timestamp", now.toString());
          return json;
        };
    return new Answer(200, checks.body(s, value), value);
  }

  /**
   * {@code GET /health/live}: 503 while stopping, or when the scheduler has not woken up for {@code
   * stuckAfter}.
   */
  public Answer live() {
    HealthSnapshot s = monitor.snapshot();
    boolean running = s.status() != SystemStatus.STARTING && s.status() != SystemStatus.STOPPING;
    boolean stuck = running && monitor.stats().sinceLastTick().compareTo(stuckAfter) > 0;
    boolean up = s.status() != SystemStatus.STOPPING && !stuck;
    Supplier<Object> value =
        () -> {
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("live", up);
          json.put("status", HealthJson.name(s.status()));
          Duration uptime = Duration.between(s.startTime(), Instant.now());
          json.put("uptime", Durations.format(Duration.ofSeconds(uptime.toSeconds())));
          if (stuck) {
            json.put("message", "the scheduler has not run since " + monitor.stats().lastTick());
          }
          return json;
        };
    // a stuck scheduler makes no new snapshot: never reuse a body across that change
    Body body = stuck ? new Body(Json.bytes(value.get(), false)) : live.body(s, value);
    return new Answer(up ? 200 : 503, body, value);
  }

  /** {@code GET /health/ready}: the message too for an authorized caller. */
  public Answer ready(boolean authorized) {
    HealthSnapshot s = monitor.snapshot();
    Supplier<Object> value =
        () -> {
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("ready", s.status().isAvailable());
          json.put("status", HealthJson.name(s.status()));
          if (authorized) {
            json.put("message", io.vigil.core.Secrets.maskText(s.message()));
          }
          return json;
        };
    RenderCache cache = authorized ? ready : readyBrief;
    return new Answer(s.status().httpCode(), cache.body(s, value), value);
  }

  /** {@code GET /health/started}: 503 until the first runs are in. */
  public Answer started() {
    return started.get(monitor.snapshot().status());
  }
}
