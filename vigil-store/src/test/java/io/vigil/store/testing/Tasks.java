package io.vigil.store.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.store.tasks.TaskHandler;
import io.vigil.store.tasks.TaskPolicy;
import io.vigil.store.tasks.WorkerSettings;
import java.time.Duration;

/** Fakes and settings for task queue tests. */
public final class Tasks {

  public static final ObjectMapper JSON = new ObjectMapper();

  private Tasks() {}

  /** Fast polls and heartbeats (real time); a task is lost after 20 s of (fake) silence. */
  public static WorkerSettings fast(String id) {
    return WorkerSettings.defaults()
        .withId(id)
        .withIntervals(Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofSeconds(20))
        .withCloseTimeout(Duration.ofSeconds(5));
  }

  /** A fake seed-002 report, as the agent's {@code health_check} handler will produce. */
  public static JsonNode report(String status) {
    ObjectNode report = JSON.createObjectNode().put("status", status);
    report.putObject("checks").putObject("memory").put("percent_used", 9.4).put("status", "ok");
    return report;
  }

  /** A {@code health_check} handler answering a fake report. */
  public static TaskHandler healthCheck() {
    return TaskHandler.of(
        "health_check",
        TaskPolicy.defaults().withTimeout(Duration.ofSeconds(5)),
        ctx -> report("healthy"));
  }

  public static ObjectNode payload() {
    return JSON.createObjectNode();
  }
}
