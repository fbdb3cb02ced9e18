package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * As a new user meets the store: {@code vigil run} with no configuration keeps history in SQLite in
 * its data directory, answers seed 002's health-check task, and still shows the time before a
 * restart.
 */
class StoreProcessTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final List<AgentProcess> agents = new ArrayList<>();

  @AfterEach
  void kill() throws Exception {
    agents.forEach(a -> a.process.destroyForcibly());
    Path pid = dir.resolve("vigil-state/programs/worker.pid");
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
          .ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private AgentProcess start() throws Exception {
    AgentProcess agent = AgentProcess.start(dir, "run", "--port", "0");
    agents.add(agent);
    await().atMost(Duration.ofSeconds(60)).until(() -> agent.port().isPresent());
    return agent;
  }

  private static JsonNode json(AgentProcess agent, String path) throws Exception {
    var response = agent.get(path);
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static void stop(AgentProcess agent) throws InterruptedException {
    agent.process.toHandle().destroy(); // SIGTERM
    assertThat(agent.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(agent.process.exitValue()).as(agent.output()).isZero();
  }

  @Test
  @Timeout(180)
  void historyInTheDataDirectoryOutlivesARestartAndTheHealthCheckTaskAnswers() throws Exception {
    AgentProcess first = start();
    // The jvm check's first result is a transition, written to the store within about a second.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> json(first, "/health/checks/jvm?since=1h").path("transitions").size() > 0);
    String before =
        json(first, "/health/checks/jvm?since=1h").path("transitions").get(0).path("at").asText();

    var queued = first.post("/system/maintenance/health-check", "");
    assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
    JsonNode ack = JSON.readTree(queued.body());
    assertThat(ack.path("status").asText()).isEqualTo("queued");
    long id = ack.path("task_id").asLong();
    String path = "/system/maintenance/tasks/" + id;
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(first, path).path("status").asText().equals("succeeded"));
    JsonNode task = json(first, path);
    Duration took =
        Duration.between(
            Instant.parse(task.path("created_at").asText()),
            Instant.parse(task.path("finished_at").asText()));
    assertThat(took).as("from enqueue to result").isLessThan(Duration.ofSeconds(5));
    JsonNode report = task.path("result");
    assertThat(report.path("status").asText()).isIn("healthy", "warning", "error");
    assertThat(report.path("timestamp").asText()).isNotEmpty();
    for (String part : List.of("memory", "disk", "cpu")) {
      assertThat(report.path("checks").path(part).path("percent_used").isNumber())
          .as("checks.%s.percent_used in %s", part, report)
          .isTrue();
    }
    assertThat(report.path("checks").path("tasks").path("count").isNumber()).isTrue();
    stop(first);
    assertThat(dir.resolve("vigil-state/vigil.db")).isRegularFile();

    AgentProcess second = start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> second.get("/health/checks/jvm?since=1h").statusCode() == 200);
    JsonNode after = json(second, "/health/checks/jvm?since=1h");
    assertThat(after.path("transitions").findValuesAsText("at")).contains(before);
    assertThat(after.path("rollups").size()).isPositive();
    assertThat(after.has("uptime_percent")).isTrue();
    assertThat(after.path("trend").has("degrading")).isTrue();
    assertThat(json(second, path).path("result").path("checks").has("memory")).isTrue();
    stop(second);
  }

  @Test
  @Timeout(120)
  void withTheStoreDisabledNothingIsWrittenAndTheTaskApiAnswers404() throws Exception {
    Files.writeString(
        dir.resolve("vigil.yaml"),
        "checks: [{ name: heap, type: jvm }]\nstore: { enabled: false }\n");
    AgentProcess agent = start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> agent.get("/health/checks/heap").statusCode() == 200);
    assertThat(agent.post("/system/maintenance/health-check", "").statusCode()).isEqualTo(404);
    JsonNode history = json(agent, "/health/checks/heap?since=1h");
    assertThat(history.has("transitions")).isFalse();
    assertThat(history.has("uptime_percent")).isTrue();
    stop(agent);
    assertThat(dir.resolve("vigil-state/vigil.db")).doesNotExist();
  }

  @Test
  @Timeout(180)
  void theRecoveryStateFileMovesIntoTheStoreAndALiftOutlivesAKill9() throws Exception {
    Path pid = dir.resolve("vigil-state/programs/worker.pid");
    Files.writeString(
        dir.resolve("vigil.yaml"),
        """
        supervise:
          - { name: worker, command: [sleep, "600"] }
        checks:
          - { name: worker, type: process, pidFile: %s, interval: 1s, recovery: { program: worker } }
        """
            .formatted(pid));
    // A state file as an earlier version wrote it: the check quarantined, no cause field.
    Path file = dir.resolve("vigil-state/recovery-state.json");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        {"targets":{},"checks":{"worker":{"step":1,"quarantined":true,
         "reason":"restart budget spent: 3 restarts within 10m"}}}
        """);
    AgentProcess first = start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(first, "/health/checks/worker").has("recovery"));
    assertThat(file).doesNotExist();
    assertThat(dir.resolve("vigil-state/recovery-state.json.migrated")).isRegularFile();
    JsonNode recovery = json(first, "/health/checks/worker").path("recovery");
    assertThat(recovery.path("quarantine").path("cause").asText()).isEqualTo("budget_spent");
    assertThat(pid).as("a quarantined program is not started").doesNotExist();

    var lift = first.post("/api/checks/worker/quarantine/lift", "");
    assertThat(lift.statusCode()).as(lift.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pid));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                json(first, "/health/checks/worker?since=1h")
                    .path("recovery_events")
                    .findValuesAsText("kind")
                    .contains("quarantine_lifted"));
    first.process.destroyForcibly(); // kill -9: the lift must already be in the store
    assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    AgentProcess second = start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(second, "/health/checks/worker").path("status").asText().equals("ok"));
    JsonNode after = json(second, "/health/checks/worker?since=1h");
    assertThat(after.path("recovery").has("quarantine")).as(after.toString()).isFalse();
    assertThat(after.path("recovery_events").findValuesAsText("kind"))
        .contains("quarantine_lifted");
    assertThat(dir.resolve("vigil-state/recovery-state.json")).doesNotExist();
    stop(second);
  }
}
