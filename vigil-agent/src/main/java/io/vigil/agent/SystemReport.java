package io.vigil.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.checks.CheckSettings;
import io.vigil.checks.CheckTypes;
import io.vigil.core.CheckContext;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.store.tasks.TaskContext;
import io.vigil.store.tasks.TaskHandler;
import io.vigil.store.tasks.TaskPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The {@code health_check} task of seed 002: the {@code system} check's report (memory 80/95 %,
 * disk 90/95 %), CPU busy from the {@code cpu} check (90/95 %, a 1 s sample) and the tasks waiting
 * or running in the queue (100/200), in the seed's shape: {@code timestamp}, {@code status}
 * (healthy, warning, error) and {@code checks.memory|disk|cpu|tasks}.
 */
final class SystemReport {

  /** The task type. */
  static final String TYPE = "health_check";

  /** Seed 002 asks for a report in under 5 s. */
  static final TaskPolicy POLICY =
      TaskPolicy.defaults().withTimeout(Duration.ofSeconds(5)).withMaxAttempts(3);

  /** Tasks waiting or running: warning at 100, critical at 200. */
  static final long TASKS_WARNING = 100;

  static final long TASKS_CRITICAL = 200;

  private final CheckTypes types;
  private final LongSupplier tasks;

  /** A report using the check types {@code system} and {@code cpu}; {@code tasks} counts tasks. */
  SystemReport(CheckTypes types, LongSupplier tasks) {
    this.types = types;
    this.tasks = tasks;
  }

  /** The handler of {@value #TYPE} tasks. */
  TaskHandler handler() {
    return TaskHandler.of(TYPE, POLICY, this::handle);
  }

  private JsonNode handle(TaskContext task) throws InterruptedException {
    String path = task.payload().path("path").asText("/");
    CheckContext ctx = new Deadline(task.remaining());
    Result system = run("system", Map.of("path", path), ctx);
    Result cpu = run("cpu", Map.of(), ctx);
    @SuppressWarnings("unchecked")
    Map<String, Object> checks =
        new LinkedHashMap<>(
            (Map<String, Object>) system.details().getOrDefault("checks", Map.of()));
    Map<String, Object> cpuPart = new LinkedHashMap<>();
    cpuPart.put("status", word(cpu.status()));
    cpuPart.put("percent_used", cpu.details().get("percent_used"));
    cpuPart.put("cores", cpu.details().get("cores"));
    cpuPart.put("load_average", cpu.details().get("load_average"));
    cpuPart.put("message", cpu.message());
    checks.put("cpu", cpuPart);
    long count = tasks.getAsLong();
    Status taskStatus =
        count >= TASKS_CRITICAL
            ? Status.CRITICAL
            : count >= TASKS_WARNING ? Status.WARNING : Status.OK;
    checks.put(
        "tasks",
        Map.of(
            "status",
            word(taskStatus),
            "count",
            count,
            "warning",
            TASKS_WARNING,
            "critical",
            TASKS_CRITICAL));
    Status worst = memoryAndDisk(system).worse(cpu.status()).worse(taskStatus);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("timestamp", system.details().get("timestamp"));
    report.put("status", overall(worst));
    report.put("checks", checks);
    return JsonTree.of(report);
  }

  /** The {@code system} report's status without its CPU load part, which the CPU check replaces. */
  private static Status memoryAndDisk(Result system) {
    Status worst = Status.OK;
    if (system.details().get("checks") instanceof Map<?, ?> parts) {
      for (String part : List.of("memory", "disk")) {
        if (parts.get(part) instanceof Map<?, ?> p && p.get("status") instanceof String s) {
          worst = worst.worse(Status.valueOf(s.toUpperCase(Locale.ROOT)));
        }
      }
    }
    return worst;
  }

  private Result run(String type, Map<String, Object> settings, CheckContext ctx)
      throws InterruptedException {
    CheckSettings s = CheckSettings.of(settings);
    HealthCheck check =
        types
            .find(type)
            .orElseThrow(() -> new IllegalStateException("no check type " + type))
            .create(s);
    if (!s.problems().isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", s.problems()));
    }
    try {
      return check.check(ctx);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      return Result.critical(e);
    }
  }

  private static String word(Status status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  private static String overall(Status status) {
    return switch (status) {
      case OK -> "healthy";
      case WARNING -> "warning";
      case CRITICAL -> "error";
      case UNKNOWN -> "unknown";
    };
  }

  /** A run's context outside the monitor: a deadline. */
  private static final class Deadline implements CheckContext {
    private static final CheckSpec SPEC = CheckSpec.builder(TYPE).build();
    private final long deadline;

    Deadline(Duration remaining) {
      this.deadline = System.nanoTime() + remaining.toNanos();
    }

    @Override
    public CheckSpec spec() {
      return SPEC;
    }

    @Override
    public Duration remaining() {
      return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    @Override
    public boolean isExpired() {
      return remaining().isZero();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      Duration wait = duration.compareTo(remaining()) < 0 ? duration : remaining();
      Thread.sleep(wait);
    }
  }
}
