package io.vigil.agent;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.Secrets;
import io.vigil.server.Extensions;
import io.vigil.store.CheckHistory;
import io.vigil.store.Rollup;
import io.vigil.store.Store;
import io.vigil.store.StoreStats;
import io.vigil.store.Transition;
import io.vigil.store.Trend;
import io.vigil.store.recovery.RecoveryRecord;
import io.vigil.store.tasks.Enqueued;
import io.vigil.store.tasks.Task;
import io.vigil.store.tasks.TaskQueue;
import io.vigil.store.tasks.TaskStatus;
import io.vigil.store.tasks.Worker;
import io.vigil.store.tasks.WorkerStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The store as the endpoints see it: durable history for {@code ?since=}, the task API, the {@code
 * store} section of {@code /diagnostics} and the store's meters in {@code /metrics}. While the
 * store is not open, history comes from the memory ring alone and the task API answers 503.
 */
final class StoreEndpoints implements Extensions.HistoryProvider, Extensions.TaskApi {

  private final AgentStore store;
  private final List<String> types;

  /** The endpoints of {@code store}, accepting tasks of {@code types}. */
  StoreEndpoints(AgentStore store, List<String> types) {
    this.store = store;
    this.types = List.copyOf(types);
  }

  private Store open() {
    return store
        .store()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the store is not open: " + store.openError().orElse("starting")));
  }

  @Override
  public Map<String, Object> history(String check, Instant from, Instant to) {
    Optional<Store> s = store.store();
    if (s.isEmpty()) {
      return Map.of();
    }
    CheckHistory h = s.get().history(check, from, to);
    Map<String, Object> json = new LinkedHashMap<>();
    s.get()
        .uptime(check, Duration.between(from, to))
        .percent()
        .ifPresent(p -> json.put("uptime_percent", round(p)));
    json.put("transitions", h.transitions().stream().map(StoreEndpoints::transition).toList());
    json.put("rollups", h.rollups().stream().map(StoreEndpoints::rollup).toList());
    json.put(
        "recovery_events",
        s.get().recovery().records(check, from, to).stream()
            .map(StoreEndpoints::recoveryEvent)
            .toList());
    Trend t = s.get().trend(check);
    json.put("trend", Map.of("degrading", t.degrading(), "reasons", t.reasons()));
    json.put("history_source", "store");
    return json;
  }

  private static Map<String, Object> transition(Transition t) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("at", t.at().toString());
    json.put("kind", t.kind().name().toLowerCase(Locale.ROOT));
    t.from().ifPresent(v -> json.put("from", v.name().toLowerCase(Locale.ROOT)));
    t.fromType().ifPresent(v -> json.put("from_type", v.name().toLowerCase(Locale.ROOT)));
    t.to().ifPresent(v -> json.put("to", v.name().toLowerCase(Locale.ROOT)));
    t.toType().ifPresent(v -> json.put("to_type", v.name().toLowerCase(Locale.ROOT)));
    json.put("consecutive_failures", t.consecutiveFailures());
    json.put("message", Secrets.maskText(t.message()));
    return json;
  }

  private static Map<String, Object> recoveryEvent(RecoveryRecord r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("at", r.at().toString());
    json.put("kind", r.kind());
    r.step().ifPresent(v -> json.put("step", v));
    if (r.attempt() > 0) {
      json.put("attempt", r.attempt());
    }
    r.fencingToken().ifPresent(v -> json.put("fencing_token", v));
    r.took().ifPresent(v -> json.put("took_ms", v.toMillis()));
    if (!r.message().isEmpty()) {
      json.put("message", Secrets.maskText(r.message()));
    }
    json.put("node", r.node());
    return json;
  }

  private static Map<String, Object> rollup(Rollup r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("start", r.start().toString());
    json.put("resolution", r.resolution().name().toLowerCase(Locale.ROOT));
    json.put(
        "counts",
        Map.of(
            "ok",
            r.ok(),
            "warning",
            r.warning(),
            "critical",
            r.critical(),
            "unknown",
            r.unknown()));
    json.put(
        "latency_ms",
        Map.of(
            "min", r.latency().minMs(),
            "avg", r.latency().avgMs(),
            "p95", r.latency().p95Ms(),
            "max", r.latency().maxMs()));
    return json;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  @Override
  public Extensions.Submitted submit(
      String type, Map<String, Object> payload, Optional<String> idempotencyKey) {
    if (!types.contains(type)) {
      throw new IllegalArgumentException(
          "type: unknown task type '" + type + "'; known types: " + String.join(", ", types));
    }
    TaskQueue queue = open().tasks();
    Enqueued e =
        idempotencyKey.isPresent()
            ? queue.enqueue(type, JsonTree.of(payload), idempotencyKey.get())
            : queue.enqueue(type, JsonTree.of(payload));
    return new Extensions.Submitted(e.id(), e.created());
  }

  @Override
  public Optional<Map<String, Object>> task(long id) {
    return open().tasks().get(id).map(StoreEndpoints::task);
  }

  private static Map<String, Object> task(Task t) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("task_id", t.id());
    json.put("queue", t.queue());
    json.put("type", t.type());
    json.put("status", t.status().id());
    json.put("attempts", t.attempts());
    json.put("created_at", t.createdAt().toString());
    json.put("updated_at", t.updatedAt().toString());
    t.startedAt().ifPresent(v -> json.put("started_at", v.toString()));
    t.finishedAt().ifPresent(v -> json.put("finished_at", v.toString()));
    json.put("payload", t.payload());
    t.result().ifPresent(v -> json.put("result", v));
    t.error().ifPresent(v -> json.put("error", Secrets.maskText(v)));
    t.worker().ifPresent(v -> json.put("worker", v));
    return json;
  }

  /**
   * The task queue for the dashboard: {@code depth}, the {@code worker} of this agent, and the
   * {@code recent} tasks (the newest 20 of those queued, running, failed or dead).
   */
  Object taskSummary() {
    Map<String, Object> json = new LinkedHashMap<>();
    Optional<Store> s = store.store();
    if (s.isEmpty()) {
      json.put("error", "the store is not open: " + store.openError().orElse("starting"));
      return json;
    }
    TaskQueue queue = s.get().tasks();
    json.put("depth", queue.depth());
    store.worker().ifPresent(w -> json.put("worker", w.id()));
    List<Task> recent = new java.util.ArrayList<>();
    for (TaskStatus status :
        List.of(TaskStatus.RUNNING, TaskStatus.QUEUED, TaskStatus.FAILED, TaskStatus.DEAD)) {
      recent.addAll(queue.list(status, 20));
    }
    recent.sort(java.util.Comparator.comparing(Task::updatedAt).reversed());
    json.put("recent", recent.stream().limit(20).map(StoreEndpoints::task).toList());
    return json;
  }

  /** The {@code store} section of {@code /diagnostics}. */
  Object diagnostics() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("engine", store.config().engine().name().toLowerCase(Locale.ROOT));
    json.put("url", store.config().maskedUrl());
    Optional<Store> s = store.store();
    json.put("open", s.isPresent());
    store.openError().ifPresent(e -> json.put("error", e));
    if (s.isEmpty()) {
      return json;
    }
    json.put("schema_version", s.get().schemaVersion());
    sqliteFile().ifPresent(f -> json.put("size_bytes", size(f) + size(Path.of(f + "-wal"))));
    StoreStats st = s.get().stats();
    Map<String, Object> writes = new LinkedHashMap<>();
    writes.put("queue_depth", st.queueDepth());
    writes.put("queue_capacity", st.queueCapacity());
    writes.put("written_total", st.written());
    writes.put("dropped_total", st.dropped());
    writes.put("failed_writes_total", st.failedWrites());
    writes.put("last_write_ms", st.lastWrite().toMillis());
    st.failingFor().ifPresent(d -> writes.put("failing_for_ms", d.toMillis()));
    st.lastError().ifPresent(e -> writes.put("last_error", Secrets.maskText(e)));
    json.put("writes", writes);
    try {
      json.put("task_queue_depth", s.get().tasks().depth());
    } catch (RuntimeException e) {
      json.put("task_queue_depth", "unavailable");
    }
    store.worker().ifPresent(w -> json.put("worker", Map.of("id", w.id(), "stats", stats(w))));
    return json;
  }

  private static Map<String, Object> stats(Worker w) {
    WorkerStats s = w.stats();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("claimed", s.claimed());
    json.put("succeeded", s.succeeded());
    json.put("retried", s.retried());
    json.put("failed", s.failed());
    json.put("dead", s.dead());
    json.put("timed_out", s.timedOut());
    json.put("reaped", s.reaped());
    json.put("refused", s.refused());
    return json;
  }

  private Optional<Path> sqliteFile() {
    String url = store.config().url();
    String prefix = "jdbc:sqlite:";
    if (!url.startsWith(prefix)) {
      return Optional.empty();
    }
    String file = url.substring(prefix.length());
    int query = file.indexOf('?');
    return Optional.of(Path.of(query < 0 ? file : file.substring(0, query)));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  /** The store's meters: write queue, write time, drops and the task queue's depth. */
  void bindMetrics(MeterRegistry registry) {
    gauge(
        registry,
        "vigil.store.queue.depth",
        "history rows waiting to be written",
        StoreStats::queueDepth);
    gauge(
        registry,
        "vigil.store.write.seconds",
        "time of the last history write transaction",
        st -> st.lastWrite().toNanos() / 1e9);
    FunctionCounter.builder(
            "vigil.store.dropped",
            store,
            a -> a.store().map(s -> (double) s.stats().dropped()).orElse(0.0))
        .description("history rows dropped because the write queue was full")
        .register(registry);
    Gauge.builder("vigil.task.queue.depth", store, StoreEndpoints::taskDepth)
        .description("tasks waiting in the queue")
        .tag("queue", TaskQueue.DEFAULT_QUEUE)
        .register(registry);
  }

  private void gauge(
      MeterRegistry registry, String name, String description, ToDoubleFunction<StoreStats> f) {
    Gauge.builder(
            name, store, a -> a.store().map(s -> f.applyAsDouble(s.stats())).orElse(Double.NaN))
        .description(description)
        .register(registry);
  }

  private static double taskDepth(AgentStore a) {
    try {
      return a.store().map(s -> (double) s.tasks().depth()).orElse(Double.NaN);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }
}
