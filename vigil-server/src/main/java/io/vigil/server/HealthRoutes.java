package io.vigil.server;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.core.CheckSnapshot;
import io.vigil.core.ComponentSnapshot;
import io.vigil.core.Durations;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.History;
import io.vigil.core.Monitor;
import io.vigil.core.Status;
import io.vigil.server.internal.Access;
import io.vigil.server.internal.Answers;
import io.vigil.server.internal.Diagnostics;
import io.vigil.server.internal.FastPath;
import io.vigil.server.internal.HealthJson;
import io.vigil.server.internal.Json;
import io.vigil.server.internal.MonitorMetrics;
import io.vigil.server.internal.Problems;
import io.vigil.server.internal.TaskRoutes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The health endpoints, mountable in any Javalin 7 application:
 *
 * <pre>{@code
 * Javalin.create(config -> HealthRoutes.mount(config, monitor)).start(8080);
 * }</pre>
 *
 * <p>Every answer comes from the monitor's latest snapshot: a request never runs a check. Probes
 * ({@code /health/live}, {@code /health/ready}, {@code /health/started}) and a status-only {@code
 * /health} are open; when a token is set, details, diagnostics, metrics and the API need {@code
 * Authorization: Bearer <token>}.
 */
public final class HealthRoutes implements AutoCloseable {

  /** A scheduler that has not woken up for this long is stuck: liveness fails. */
  static final Duration STUCK_AFTER = Duration.ofSeconds(10);

  private final Monitor monitor;
  private final ServerOptions options;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HealthRoutes.class);

  private final Extensions extensions;
  private final Access access;
  private final PrometheusMeterRegistry registry;
  private final MonitorMetrics metrics;
  private final Answers answers;

  private HealthRoutes(Monitor monitor, ServerOptions options, Extensions extensions) {
    this.monitor = monitor;
    this.options = options;
    this.extensions = extensions;
    this.access = new Access(options.token());
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.metrics = new MonitorMetrics(monitor, registry);
    this.answers = new Answers(monitor, options.version(), options.nodeId(), STUCK_AFTER);
  }

  /** Mounts the endpoints with default options (no token). */
  public static HealthRoutes mount(JavalinConfig config, Monitor monitor) {
    return mount(config, monitor, ServerOptions.defaults(), Extensions.none());
  }

  /** Mounts the endpoints into a Javalin configuration. */
  public static HealthRoutes mount(
      JavalinConfig config, Monitor monitor, ServerOptions options, Extensions extensions) {
    HealthRoutes routes = new HealthRoutes(monitor, options, extensions);
    routes.addTo(config.routes);
    return routes;
  }

  /**
   * A Jetty handler that answers the hot endpoints before the router, from the same cached bodies
   * (a standalone server puts it in front of Javalin).
   */
  FastPath fastPath() {
    return new FastPath(answers, access);
  }

  /** The registry behind {@code /metrics}, for the application's own meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private void addTo(RoutesConfig routes) {
    read(routes, "/health", this::health);
    read(routes, "/health/live", this::live);
    read(routes, "/health/ready", this::ready);
    read(routes, "/health/started", this::started);
    read(routes, "/health/checks", details(this::checks));
    read(routes, "/health/checks/{name}", details(this::check));
    read(routes, "/health/components", details(this::components));
    read(routes, "/health/group/{tag}", details(this::group));
    read(routes, "/diagnostics", details(this::diagnostics));
    read(routes, "/metrics", details(this::metrics));
    routes.post("/api/reload", noStore(details(this::reload)));
    routes.post("/api/heartbeat/{name}", noStore(details(this::heartbeat)));
    routes.post("/api/checks/{name}/quarantine/lift", noStore(details(this::lift)));
    TaskRoutes.addTo(routes, extensions.tasks(), h -> noStore(details(h)));
    ApiRoutes api = new ApiRoutes(routes, access);
    extensions.apis().forEach(module -> module.addTo(api));
  }

  private static void read(RoutesConfig routes, String path, Handler handler) {
    routes.get(path, noStore(handler));
    routes.head(path, noStore(handler));
  }

  private static Handler noStore(Handler handler) {
    return ctx -> {
      ctx.header("Cache-Control", "no-store");
      handler.handle(ctx);
    };
  }

  private Handler details(Handler handler) {
    return ctx -> {
      if (access.require(ctx)) {
        handler.handle(ctx);
      }
    };
  }

  private void health(Context ctx) {
    send(ctx, answers.health(access.authorized(ctx)));
  }

  private void live(Context ctx) {
    send(ctx, answers.live());
  }

  private void ready(Context ctx) {
    send(ctx, answers.ready(access.authorized(ctx)));
  }

  private void started(Context ctx) {
    send(ctx, answers.started());
  }

  private void checks(Context ctx) {
    send(ctx, answers.checks());
  }

  private static void send(Context ctx, Answers.Answer answer) {
    Json.sendCached(ctx, answer.status(), answer.body(), answer.value());
  }

  private void check(Context ctx) {
    String name = ctx.pathParam("name");
    HealthSnapshot snapshot = monitor.snapshot();
    Optional<CheckSnapshot> check = snapshot.check(name);
    if (check.isEmpty()) {
      Problems.send(ctx, 404, "Not Found", "no check named '" + name + "'");
      return;
    }
    Instant now = Instant.now();
    Map<String, Object> extra = new LinkedHashMap<>();
    extensions
        .checkSections()
        .forEach((section, f) -> f.apply(name).ifPresent(v -> extra.put(section, v)));
    String since = ctx.queryParam("since");
    if (since == null) {
      Map<String, Object> json = HealthJson.check(snapshot, check.get(), now);
      json.putAll(extra);
      Json.send(ctx, 200, json);
      return;
    }
    Instant from;
    try {
      from = parseSince(since, now);
    } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
      Problems.send(
          ctx,
          400,
          "Bad Request",
          "since: must be an instant such as 2026-01-01T00:00:00Z or a duration such as 15m, but was '"
              + since
              + "'");
      return;
    }
    Optional<History> history = monitor.history(name, from, Instant.MAX);
    if (history.isEmpty()) {
      Problems.send(ctx, 404, "Not Found", "no check named '" + name + "'");
      return;
    }
    Map<String, Object> json =
        HealthJson.checkWithHistory(snapshot, check.get(), history.get(), now);
    json.put("uptime_percent", HealthJson.uptimePercent(history.get()));
    extensions.history().ifPresent(h -> json.putAll(h.history(name, from, now)));
    json.putAll(extra);
    Json.send(ctx, 200, json);
  }

  private static Instant parseSince(String since, Instant now) {
    try {
      return Instant.parse(since);
    } catch (DateTimeParseException e) {
      return now.minus(Durations.parse(since));
    }
  }

  private void components(Context ctx) {
    Map<String, Object> components = new LinkedHashMap<>();
    monitor.snapshot().components().forEach((name, c) -> components.put(name, HealthJson.group(c)));
    Json.send(ctx, 200, Map.of("components", components));
  }

  private void group(Context ctx) {
    String tag = ctx.pathParam("tag");
    HealthSnapshot s = monitor.snapshot();
    ComponentSnapshot group = s.group(tag);
    if (group.checks().isEmpty()) {
      Problems.send(ctx, 404, "Not Found", "no check has the tag '" + tag + "'");
      return;
    }
    int code = group.status().httpCode();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("group", tag);
    json.putAll(HealthJson.group(group));
    Json.send(ctx, code, json);
  }

  private void diagnostics(Context ctx) {
    Json.send(ctx, 200, Diagnostics.of(monitor, extensions.diagnostics()));
  }

  private void metrics(Context ctx) {
    metrics.refresh();
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
  }

  private void reload(Context ctx) {
    if (extensions.reloader().isEmpty()) {
      Problems.send(ctx, 404, "Not Found", "this server has no configuration to reload");
      return;
    }
    Extensions.ReloadOutcome outcome = extensions.reloader().get().reload();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("applied", outcome.applied());
    json.put("problems", outcome.problems());
    json.put("warnings", outcome.warnings());
    json.put("summary", outcome.summary());
    if (outcome.applied()) {
      Json.send(ctx, 200, json);
    } else {
      Problems.send(
          ctx,
          422,
          "Invalid configuration",
          "the new configuration was rejected; the running one stays",
          json);
    }
  }

  private void heartbeat(Context ctx) {
    String name = ctx.pathParam("name");
    if (extensions.heartbeats().isEmpty()) {
      Problems.send(ctx, 404, "Not Found", "this server takes no heartbeats");
      return;
    }
    String statusText = ctx.queryParam("status");
    String message = ctx.queryParam("message");
    String body = ctx.body();
    if (!body.isBlank()) {
      try {
        Map<String, Object> json = Json.parseObject(body);
        statusText = json.containsKey("status") ? String.valueOf(json.get("status")) : statusText;
        message = json.containsKey("message") ? String.valueOf(json.get("message")) : message;
      } catch (IllegalArgumentException e) {
        Problems.send(
            ctx,
            400,
            "Bad Request",
            "the body must be JSON such as {\"status\": \"ok\", \"message\": \"...\"}");
        return;
      }
    }
    Status status;
    try {
      status =
          statusText == null
              ? Status.OK
              : Status.valueOf(statusText.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      Problems.send(
          ctx,
          400,
          "Bad Request",
          "status: must be ok, warning, critical or unknown, but was '" + statusText + "'");
      return;
    }
    if (!extensions.heartbeats().get().beat(name, status, message == null ? "" : message)) {
      Problems.send(ctx, 404, "Not Found", "no heartbeat check named '" + name + "'");
      return;
    }
    monitor.runNow(name); // judge the beat now rather than at the next interval
    Json.send(ctx, 200, Map.of("accepted", true, "check", name, "status", HealthJson.name(status)));
  }

  private void lift(Context ctx) {
    String name = ctx.pathParam("name");
    if (extensions.quarantine().isEmpty()) {
      Problems.send(ctx, 404, "Not Found", "this server has no recovery quarantines");
      return;
    }
    String by = (access.tokenRequired() ? "token@" : "anonymous@") + ctx.ip();
    Extensions.LiftOutcome outcome = extensions.quarantine().get().lift(name, by);
    switch (outcome.result()) {
      case LIFTED -> Json.send(ctx, 200, outcome.view().orElse(Map.of()));
      case NOT_QUARANTINED ->
          Problems.send(ctx, 409, "Conflict", "check '" + name + "' is not quarantined");
      case UNKNOWN ->
          Problems.send(
              ctx, 404, "Not Found", "no check named '" + name + "' has a recovery ladder");
    }
  }

  /** Closes the API modules that can be closed (idempotent there), before the server stops. */
  void closeModules() {
    for (ApiModule module : extensions.apis()) {
      if (module instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warn("event=module_close_failed module={} error=\"{}\"", module, e.toString());
        }
      }
    }
  }

  @Override
  public void close() {
    metrics.close();
    registry.close();
  }
}
