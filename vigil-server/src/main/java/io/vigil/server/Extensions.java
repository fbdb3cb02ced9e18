package io.vigil.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the application adds to the endpoints: a reload action for {@code POST /api/reload} and
 * extra sections of {@code /diagnostics} (each value is serialized as JSON; mask secrets first).
 *
 * @param reloader what {@code POST /api/reload} runs, if anything
 * @param diagnostics extra {@code /diagnostics} sections by name
 * @param heartbeats where {@code POST /api/heartbeat/{name}} delivers beats, if anywhere
 * @param checkSections extra sections of {@code /health/checks/{name}} (e.g. {@code recovery})
 * @param quarantine what {@code POST /api/checks/{name}/quarantine/lift} runs, if anything
 * @param history durable history for {@code GET /health/checks/{name}?since=}, if any (else the
 *     monitor's memory ring answers alone)
 * @param tasks the task queue behind {@code /api/tasks} and {@code /system/maintenance}, if any
 * @param apis more routes (alerts, cluster, dashboard...), in the order they were added
 */
public record Extensions(
    Optional<Reloader> reloader,
    Map<String, Supplier<Object>> diagnostics,
    Optional<HeartbeatSink> heartbeats,
    Map<String, java.util.function.Function<String, Optional<Object>>> checkSections,
    Optional<QuarantineLifter> quarantine,
    Optional<HistoryProvider> history,
    Optional<TaskApi> tasks,
    java.util.List<ApiModule> apis) {

  /** Copies the collections. */
  public Extensions {
    diagnostics = Map.copyOf(diagnostics);
    checkSections = Map.copyOf(checkSections);
    apis = java.util.List.copyOf(apis);
  }

  /** No reload, no extra diagnostics. */
  public static Extensions none() {
    return new Extensions(
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        java.util.List.of());
  }

  /** These extensions with a reload action. */
  public Extensions withReloader(Reloader value) {
    return new Extensions(
        Optional.of(value),
        diagnostics,
        heartbeats,
        checkSections,
        quarantine,
        history,
        tasks,
        apis);
  }

  /** These extensions with one more diagnostics section. */
  public Extensions withDiagnostics(String name, Supplier<Object> section) {
    Map<String, Supplier<Object>> more = new LinkedHashMap<>(diagnostics);
    more.put(name, section);
    return new Extensions(
        reloader, more, heartbeats, checkSections, quarantine, history, tasks, apis);
  }

  /** These extensions with a heartbeat receiver. */
  public Extensions withHeartbeats(HeartbeatSink sink) {
    return new Extensions(
        reloader, diagnostics, Optional.of(sink), checkSections, quarantine, history, tasks, apis);
  }

  /** These extensions with one more section in each check's details, where it has one. */
  public Extensions withCheckSection(
      String name, java.util.function.Function<String, Optional<Object>> section) {
    Map<String, java.util.function.Function<String, Optional<Object>>> more =
        new LinkedHashMap<>(checkSections);
    more.put(name, section);
    return new Extensions(
        reloader, diagnostics, heartbeats, more, quarantine, history, tasks, apis);
  }

  /** These extensions with a way to lift a check's recovery quarantine. */
  public Extensions withQuarantineLifter(QuarantineLifter value) {
    return new Extensions(
        reloader, diagnostics, heartbeats, checkSections, Optional.of(value), history, tasks, apis);
  }

  /** These extensions with durable history for {@code ?since=}. */
  public Extensions withHistory(HistoryProvider value) {
    return new Extensions(
        reloader,
        diagnostics,
        heartbeats,
        checkSections,
        quarantine,
        Optional.of(value),
        tasks,
        apis);
  }

  /** These extensions with a task queue for {@code /api/tasks} and the maintenance routes. */
  public Extensions withTasks(TaskApi value) {
    return new Extensions(
        reloader,
        diagnostics,
        heartbeats,
        checkSections,
        quarantine,
        history,
        Optional.of(value),
        apis);
  }

  /** These extensions with one more group of routes. */
  public Extensions withApi(ApiModule module) {
    java.util.List<ApiModule> more = new java.util.ArrayList<>(apis);
    more.add(module);
    return new Extensions(
        reloader, diagnostics, heartbeats, checkSections, quarantine, history, tasks, more);
  }

  /**
   * Lifts a check's recovery quarantine; called by {@code POST /api/checks/{name}/quarantine/lift}.
   */
  @FunctionalInterface
  public interface QuarantineLifter {
    /**
     * Lifts it.
     *
     * @param by who asks, e.g. {@code token@10.0.0.7}, for the event log
     */
    LiftOutcome lift(String check, String by);
  }

  /**
   * What a lift did.
   *
   * @param result lifted, or why not
   * @param view the check's recovery view afterwards (serialized as JSON), when it has one
   */
  public record LiftOutcome(LiftResult result, Optional<Object> view) {}

  /** The results of a lift: 200, 409 and 404. */
  public enum LiftResult {
    /** The quarantine was lifted. */
    LIFTED,
    /** The check is protected but not quarantined. */
    NOT_QUARANTINED,
    /** No check of that name has a recovery ladder. */
    UNKNOWN
  }

  /** Receives pushed heartbeats. */
  @FunctionalInterface
  public interface HeartbeatSink {
    /**
     * Records a beat.
     *
     * @return false when no heartbeat check of that name exists
     */
    boolean beat(String name, io.vigil.core.Status status, String message);
  }

  /** Reloads the configuration; called by {@code POST /api/reload}. */
  @FunctionalInterface
  public interface Reloader {
    /** Reloads and says what happened. */
    ReloadOutcome reload();
  }

  /**
   * What a reload did.
   *
   * @param applied whether the new configuration is running
   * @param problems why it was rejected (empty when applied)
   * @param warnings corrections applied
   * @param summary counts such as {@code added}, {@code removed}, {@code changed}, {@code
   *     unchanged}
   */
  public record ReloadOutcome(
      boolean applied,
      java.util.List<String> problems,
      java.util.List<String> warnings,
      Map<String, Integer> summary) {}

  /**
   * Durable history of a check, answering {@code GET /health/checks/{name}?since=} beside the
   * memory ring: its fields (e.g. {@code uptime_percent}, {@code transitions}, {@code rollups},
   * {@code trend}) are added to the answer, serialized as JSON.
   */
  @FunctionalInterface
  public interface HistoryProvider {
    /** The check's history over {@code [from, to]}, as JSON fields. */
    Map<String, Object> history(String check, java.time.Instant from, java.time.Instant to);
  }

  /** The task queue as the endpoints see it. */
  public interface TaskApi {
    /**
     * Enqueues a task.
     *
     * @throws IllegalArgumentException when the type or payload is not accepted (answered 400 with
     *     its message)
     */
    Submitted submit(String type, Map<String, Object> payload, Optional<String> idempotencyKey);

    /** A task as JSON fields, if it exists (and is still kept). */
    Optional<Map<String, Object>> task(long id);
  }

  /**
   * An enqueued task.
   *
   * @param id the task's id
   * @param created false when an idempotency key named an existing task
   */
  public record Submitted(long id, boolean created) {}
}
