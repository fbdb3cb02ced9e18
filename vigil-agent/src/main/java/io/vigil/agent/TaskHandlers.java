package io.vigil.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.checks.CheckTypes;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import io.vigil.core.UnknownCheckException;
import io.vigil.store.Store;
import io.vigil.store.tasks.PermanentTaskFailure;
import io.vigil.store.tasks.TaskContext;
import io.vigil.store.tasks.TaskHandler;
import io.vigil.store.tasks.TaskPolicy;
import io.vigil.store.tasks.TaskStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The task types the agent executes: {@code health_check} (seed 002's system report) and, with a
 * monitor, {@code check} ({@code {"name": "db"}}: runs a registered check now and returns its
 * result). Each handler is timed and counted in {@code vigil_tasks_total{type,outcome}} and {@code
 * vigil_task_duration_seconds{type}} (outcome {@code succeeded} or {@code failed}, per attempt).
 */
final class TaskHandlers {

  /** The on-demand check task. */
  static final String CHECK = "check";

  private TaskHandlers() {}

  /** The types a worker in this process handles. */
  static List<String> types(Optional<Monitor> monitor) {
    return monitor.isPresent() ? List.of(SystemReport.TYPE, CHECK) : List.of(SystemReport.TYPE);
  }

  /** The handlers, for a store once open, metered in {@code registry}. */
  static List<TaskHandler> of(Store store, Optional<Monitor> monitor, MeterRegistry registry) {
    List<TaskHandler> handlers = new ArrayList<>();
    handlers.add(new SystemReport(CheckTypes.load(), () -> pending(store)).handler());
    monitor.ifPresent(
        m -> handlers.add(TaskHandler.of(CHECK, TaskPolicy.defaults(), c -> run(m, c))));
    return handlers.stream().map(h -> metered(h, registry)).toList();
  }

  private static long pending(Store store) {
    return store.tasks().depth() + store.tasks().list(TaskStatus.RUNNING, 1000).size();
  }

  private static JsonNode run(Monitor monitor, TaskContext ctx) throws Exception {
    JsonNode name = ctx.payload().path("name");
    if (!name.isTextual() || name.asText().isBlank()) {
      throw new PermanentTaskFailure("payload.name: required, the name of a check");
    }
    Result result;
    try {
      result = monitor.runNow(name.asText()).get(ctx.remaining().toMillis(), TimeUnit.MILLISECONDS);
    } catch (UnknownCheckException e) {
      throw new PermanentTaskFailure("no check named '" + name.asText() + "'");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownCheckException) {
        throw new PermanentTaskFailure("no check named '" + name.asText() + "'");
      }
      throw e;
    } catch (TimeoutException e) {
      throw new IllegalStateException("check '" + name.asText() + "' did not finish in time", e);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("check", name.asText());
    json.put("status", result.status().name().toLowerCase(Locale.ROOT));
    json.put("message", Secrets.maskText(result.message()));
    json.put("latency_ms", result.latency().toMillis());
    json.put("timestamp", result.timestamp().toString());
    json.put("details", Secrets.mask(result.details()));
    return JsonTree.of(json);
  }

  private static TaskHandler metered(TaskHandler handler, MeterRegistry registry) {
    Timer timer =
        Timer.builder("vigil.task.duration")
            .description("time of a task's attempt")
            .tag("type", handler.type())
            .register(registry);
    return TaskHandler.of(
        handler.type(),
        handler.policy(),
        ctx -> {
          long t0 = System.nanoTime();
          String outcome = "failed";
          try {
            JsonNode result = handler.handle(ctx);
            outcome = "succeeded";
            return result;
          } finally {
            timer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            Counter.builder("vigil.tasks")
                .description("task attempts by type and outcome")
                .tag("type", handler.type())
                .tag("outcome", outcome)
                .register(registry)
                .increment();
          }
        });
  }
}
