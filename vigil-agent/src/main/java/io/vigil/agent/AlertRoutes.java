package io.vigil.agent;

import io.javalin.http.Context;
import io.vigil.alerts.AlertView;
import io.vigil.alerts.Alerts;
import io.vigil.alerts.Matcher;
import io.vigil.alerts.Severity;
import io.vigil.alerts.Silence;
import io.vigil.core.Durations;
import io.vigil.server.ApiModule;
import io.vigil.server.ApiRoutes;
import io.vigil.server.ApiRoutes.BadRequest;
import io.vigil.store.outbox.OutboxEntry;
import io.vigil.store.outbox.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code /api/alerts}, {@code /api/silences} and {@code /api/notifications}: what fires, what is
 * silenced, what was sent. Token rules of {@link ApiRoutes}; 503 while the agent starts.
 */
final class AlertRoutes implements ApiModule {

  private static final Set<String> STATES = Set.of("firing", "inhibited", "silenced", "resolved");

  /** The most notifications one answer lists. */
  static final int LIMIT = 500;

  private final Supplier<Optional<Alerts>> alerts;

  AlertRoutes(Supplier<Optional<Alerts>> alerts) {
    this.alerts = alerts;
  }

  @Override
  public void addTo(ApiRoutes routes) {
    routes.get("/api/alerts", ctx -> with(ctx, a -> listAlerts(ctx, a)));
    routes.get("/api/silences", ctx -> with(ctx, a -> listSilences(ctx, a)));
    routes.post(
        "/api/silences",
        ctx ->
            with(
                ctx,
                a -> {
                  Silence s = a.addSilence(silence(ApiRoutes.jsonObject(ctx), routes.caller(ctx)));
                  ApiRoutes.json(ctx, 201, json(s, Instant.now()));
                }));
    routes.delete(
        "/api/silences/{id}",
        ctx ->
            with(
                ctx,
                a -> {
                  Optional<Silence> s = a.expireSilence(ctx.pathParam("id"));
                  if (s.isEmpty()) {
                    ApiRoutes.problem(ctx, 404, "no silence " + ctx.pathParam("id"));
                  } else {
                    ApiRoutes.json(ctx, 200, json(s.get(), Instant.now()));
                  }
                }));
    routes.get("/api/notifications", ctx -> with(ctx, a -> listNotifications(ctx, a)));
  }

  private void with(Context ctx, java.util.function.Consumer<Alerts> action) {
    Optional<Alerts> a = alerts.get();
    if (a.isEmpty()) {
      ApiRoutes.problem(ctx, 503, "the agent is still starting; try again when it has started");
      return;
    }
    action.accept(a.get());
  }

  private static void listAlerts(Context ctx, Alerts a) {
    Optional<String> state = query(ctx, "state");
    if (state.isPresent() && !STATES.contains(state.get())) {
      throw new BadRequest("state: must be one of firing, inhibited, silenced, resolved");
    }
    Optional<String> severity = query(ctx, "severity");
    if (severity.isPresent() && Severity.of(severity.get()).isEmpty()) {
      throw new BadRequest("severity: must be one of info, warning, critical");
    }
    Optional<String> check = query(ctx, "check");
    List<Object> out = new ArrayList<>();
    for (AlertView v : a.alerts()) {
      if (state.map(v.state()::equals).orElse(true)
          && severity.map(v.alert().severity().id()::equals).orElse(true)
          && check.map(c -> v.alert().check().filter(c::equals).isPresent()).orElse(true)) {
        out.add(json(v));
      }
    }
    ApiRoutes.json(ctx, 200, Map.of("alerts", out));
  }

  static Map<String, Object> json(AlertView v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fingerprint", v.alert().fingerprint());
    m.put("kind", v.alert().kind().id());
    m.put("severity", v.alert().severity().id());
    m.put("state", v.state());
    m.put("labels", v.alert().labels());
    m.put("annotations", v.alert().annotations());
    m.put("startsAt", v.alert().startsAt().toString());
    m.put("endsAt", v.alert().endsAt().map(Instant::toString).orElse(null));
    m.put("inhibitedBy", v.inhibitedBy());
    m.put("silencedBy", v.silencedBy());
    m.put("sequence", v.alert().sequence());
    v.alert()
        .lastResult()
        .ifPresent(
            r -> {
              Map<String, Object> result = new LinkedHashMap<>();
              result.put("status", r.status().name());
              result.put("message", io.vigil.core.Secrets.maskText(r.message()));
              result.put("at", r.timestamp().toString());
              m.put("lastResult", result);
            });
    return m;
  }

  private static void listSilences(Context ctx, Alerts a) {
    Instant now = Instant.now();
    ApiRoutes.json(
        ctx, 200, Map.of("silences", a.silences().stream().map(s -> json(s, now)).toList()));
  }

  static Map<String, Object> json(Silence s, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    List<Object> matchers = new ArrayList<>();
    for (Matcher x : s.matchers()) {
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("name", x.name());
      mm.put("value", x.value());
      mm.put("isRegex", x.isRegex());
      mm.put("isEqual", x.isEqual());
      matchers.add(mm);
    }
    m.put("matchers", matchers);
    m.put("startsAt", s.startsAt().toString());
    m.put("endsAt", s.endsAt().toString());
    m.put("createdBy", s.createdBy());
    m.put("comment", s.comment());
    m.put("state", s.state(now).id());
    return m;
  }

  /** A silence from a request body; {@link BadRequest} naming the field when it is wrong. */
  static Silence silence(Map<String, Object> body, String caller) {
    Object raw = body.get("matchers");
    if (!(raw instanceof List<?> list) || list.isEmpty()) {
      throw new BadRequest(
          "matchers: required, a non-empty list of {name, value, isRegex, isEqual}");
    }
    List<Matcher> matchers = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      matchers.add(matcher(list.get(i), "matchers[" + i + "]"));
    }
    Instant now = Instant.now();
    Instant starts = body.containsKey("startsAt") ? instant(body, "startsAt") : now;
    boolean hasEnd = body.get("endsAt") != null;
    boolean hasDuration = body.get("duration") != null;
    if (hasEnd == hasDuration) {
      throw new BadRequest("endsAt: give either endsAt or duration (e.g. \"2h\"), not both");
    }
    Instant ends = hasEnd ? instant(body, "endsAt") : starts.plus(duration(body));
    if (!ends.isAfter(starts)) {
      throw new BadRequest("endsAt: must be after startsAt");
    }
    String createdBy = text(body, "createdBy").orElse(caller);
    String comment = text(body, "comment").orElse("");
    if (comment.isBlank()) {
      throw new BadRequest("comment: required (why is it silenced?)");
    }
    return new Silence(UUID.randomUUID().toString(), matchers, starts, ends, createdBy, comment);
  }

  private static Matcher matcher(Object raw, String path) {
    if (!(raw instanceof Map<?, ?> m)) {
      throw new BadRequest(path + ": must be an object {name, value, isRegex, isEqual}");
    }
    Object name = m.get("name");
    Object value = m.get("value");
    if (!(name instanceof String n) || n.isBlank()) {
      throw new BadRequest(path + ".name: required");
    }
    if (!(value instanceof String v)) {
      throw new BadRequest(path + ".value: required");
    }
    boolean regex = flag(m.get("isRegex"), false, path + ".isRegex");
    boolean equal = flag(m.get("isEqual"), true, path + ".isEqual");
    try {
      return new Matcher(n, v, regex, equal);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(path + "." + e.getMessage());
    }
  }

  private static boolean flag(Object raw, boolean fallback, String path) {
    if (raw == null) {
      return fallback;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    throw new BadRequest(path + ": must be true or false");
  }

  private static Instant instant(Map<String, Object> body, String key) {
    Object raw = body.get(key);
    try {
      return Instant.parse(String.valueOf(raw));
    } catch (DateTimeParseException e) {
      throw new BadRequest(key + ": must be an ISO-8601 instant such as 2026-01-01T10:00:00Z");
    }
  }

  private static Duration duration(Map<String, Object> body) {
    try {
      Duration d = Durations.parse(String.valueOf(body.get("duration")));
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("must be longer than 0s");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new BadRequest("duration: " + e.getMessage());
    }
  }

  private static Optional<String> text(Map<String, Object> body, String key) {
    Object raw = body.get(key);
    if (raw != null && !(raw instanceof String)) {
      throw new BadRequest(key + ": must be text");
    }
    return Optional.ofNullable((String) raw).map(String::strip).filter(s -> !s.isEmpty());
  }

  private static void listNotifications(Context ctx, Alerts a) {
    Optional<String> status = query(ctx, "status");
    Optional<OutboxStatus> st = status.flatMap(OutboxStatus::of);
    if (status.isPresent() && st.isEmpty()) {
      throw new BadRequest("status: must be one of pending, sent, failed, dead");
    }
    List<Object> out = new ArrayList<>();
    for (OutboxEntry e : a.notifications(st, query(ctx, "sink"), LIMIT)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", e.id());
      m.put("sink", e.sink());
      m.put("status", e.status().id());
      m.put("attempts", e.attempts());
      m.put("createdAt", e.createdAt().toString());
      m.put("lastError", e.lastError().orElse(null));
      m.put("alerts", e.alerts());
      m.put("key", e.key());
      m.put("nextAttemptAt", e.status().unsent() ? e.nextAttemptAt().toString() : null);
      m.put("sentAt", e.sentAt().map(Instant::toString).orElse(null));
      out.add(m);
    }
    ApiRoutes.json(ctx, 200, Map.of("notifications", out));
  }

  private static Optional<String> query(Context ctx, String key) {
    return Optional.ofNullable(ctx.queryParam(key)).filter(s -> !s.isBlank());
  }
}
