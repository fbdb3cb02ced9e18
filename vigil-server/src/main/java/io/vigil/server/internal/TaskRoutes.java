package io.vigil.server.internal;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.vigil.core.Secrets;
import io.vigil.server.Extensions.Submitted;
import io.vigil.server.Extensions.TaskApi;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task endpoints: {@code POST /api/tasks}, {@code GET /api/tasks/{id}}, and seed 002's {@code
 * POST /system/maintenance/health-check} and {@code GET /system/maintenance/tasks/{id}}. Without a
 * task queue they answer 404.
 */
public final class TaskRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(TaskRoutes.class);

  private final Optional<TaskApi> tasks;

  private TaskRoutes(Optional<TaskApi> tasks) {
    this.tasks = tasks;
  }

  /** Adds the routes; {@code guard} applies the access rules of the other APIs (and no-store). */
  public static void addTo(
      RoutesConfig routes, Optional<TaskApi> tasks, UnaryOperator<Handler> guard) {
    TaskRoutes r = new TaskRoutes(tasks);
    routes.post("/api/tasks", guard.apply(r::submit));
    routes.get("/api/tasks/{id}", guard.apply(r::get));
    routes.post("/system/maintenance/health-check", guard.apply(r::healthCheck));
    routes.get("/system/maintenance/tasks/{id}", guard.apply(r::get));
  }

  private void submit(Context ctx) {
    Map<String, Object> body;
    try {
      body = Json.parseObject(ctx.body());
    } catch (IllegalArgumentException e) {
      Problems.send(
          ctx,
          400,
          "Bad Request",
          "the body must be JSON such as {\"type\": \"health_check\", \"payload\": {}}");
      return;
    }
    if (!(body.get("type") instanceof String type) || type.isBlank()) {
      Problems.send(ctx, 400, "Bad Request", "type: required, e.g. \"health_check\" or \"check\"");
      return;
    }
    Object payload = body.getOrDefault("payload", Map.of());
    if (!(payload instanceof Map<?, ?>)) {
      Problems.send(ctx, 400, "Bad Request", "payload: must be a JSON object");
      return;
    }
    Object key = body.get("idempotencyKey");
    if (key != null && !(key instanceof String)) {
      Problems.send(ctx, 400, "Bad Request", "idempotencyKey: must be text");
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) payload;
    enqueue(ctx, type, fields, Optional.ofNullable((String) key));
  }

  private void healthCheck(Context ctx) {
    Map<String, Object> payload = Map.of();
    if (!ctx.body().isBlank()) {
      try {
        payload = Json.parseObject(ctx.body());
      } catch (IllegalArgumentException e) {
        Problems.send(ctx, 400, "Bad Request", "the body, if any, must be a JSON object");
        return;
      }
    }
    enqueue(ctx, "health_check", payload, Optional.empty());
  }

  private void enqueue(
      Context ctx, String type, Map<String, Object> payload, Optional<String> key) {
    if (tasks.isEmpty()) {
      Problems.send(ctx, 404, "Not Found", "this server has no task queue (store disabled)");
      return;
    }
    Submitted submitted;
    try {
      submitted = tasks.get().submit(type, payload, key);
    } catch (IllegalArgumentException e) {
      Problems.send(ctx, 400, "Bad Request", e.getMessage());
      return;
    } catch (UnsupportedOperationException e) {
      Problems.send(ctx, 404, "Not Found", e.getMessage());
      return;
    } catch (RuntimeException e) {
      unavailable(ctx, e);
      return;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", "queued");
    json.put("task_id", submitted.id());
    json.put("created", submitted.created());
    Json.send(ctx, submitted.created() ? 202 : 200, json);
  }

  private void get(Context ctx) {
    if (tasks.isEmpty()) {
      Problems.send(ctx, 404, "Not Found", "this server has no task queue (store disabled)");
      return;
    }
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      Problems.send(ctx, 400, "Bad Request", "id: must be a task id such as 12");
      return;
    }
    Optional<Map<String, Object>> task;
    try {
      task = tasks.get().task(id);
    } catch (UnsupportedOperationException e) {
      Problems.send(ctx, 404, "Not Found", e.getMessage());
      return;
    } catch (RuntimeException e) {
      unavailable(ctx, e);
      return;
    }
    if (task.isEmpty()) {
      Problems.send(ctx, 404, "Not Found", "no task " + id);
      return;
    }
    Json.send(ctx, 200, task.get());
  }

  private static void unavailable(Context ctx, RuntimeException e) {
    String error = Secrets.maskText(String.valueOf(e.getMessage()));
    LOG.warn("event=task_api_failed path={} error=\"{}\"", ctx.path(), error);
    Problems.send(ctx, 503, "Service Unavailable", "the task queue is unavailable: " + error);
  }
}
