package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil run} as a real process, as a user runs it: it serves the local checks, and SIGTERM
 * turns readiness to 503 for the drain time, then it exits 0.
 */
class AgentProcessTest {

  @TempDir Path dir;

  private AgentProcess agent;

  @AfterEach
  void kill() {
    if (agent != null) {
      agent.process.destroyForcibly();
    }
  }

  @Test
  @Timeout(60)
  void servesLocalChecksAndDrainsOnSigterm() throws Exception {
    agent = AgentProcess.start(dir, "run", "--port", "0");
    await().atMost(Duration.ofSeconds(30)).until(() -> agent.port().isPresent());
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.get("/health").statusCode() == 200);
    String health = agent.get("/health").body();
    // 200 is HEALTHY or DEGRADED: which one depends on how busy this machine's CPU is right now.
    assertThat(health)
        .containsPattern("^\\{\"status\":\"(healthy|degraded)\"")
        .contains("\"memory\"", "\"cpu\"", "\"disk-");

    agent
        .process
        .toHandle()
        .destroy(); // SIGTERM; Process.destroy() would also close our end of stdout
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> agent.get("/health/ready").statusCode() == 503);
    assertThat(agent.process.waitFor(10, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
    assertThat(agent.process.exitValue())
        .as("exit code; log:%n%s", String.join("\n", agent.lines))
        .isZero();
    await().until(() -> agent.lines.stream().anyMatch(l -> l.contains("event=stopped")));
  }

  @Test
  @Timeout(90)
  void aFifoInPlaceOfTheConfigurationNeverStopsTheEndpoints() throws Exception {
    Path config = dir.resolve("vigil.yaml");
    Files.writeString(config, "checks:\n  - { name: heap, type: jvm }\n");
    agent = AgentProcess.start(dir, "run", "--config", config.toString(), "--port", "0");
    await().atMost(Duration.ofSeconds(30)).until(() -> agent.port().isPresent());

    Files.delete(config);
    Process mkfifo = new ProcessBuilder("mkfifo", config.toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    // The watcher sees the swap and its reload is refused, without opening the FIFO.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> agent.lines.stream().anyMatch(l -> l.contains("is a FIFO (named pipe)")));
    assertThat(agent.get("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> reload = agent.post("/api/reload", "");
    assertThat(reload.statusCode()).isEqualTo(422);
    assertThat(reload.body())
        .contains(config + ": is a FIFO (named pipe), not a regular file; refusing to read");
    assertThat(agent.get("/health/live").statusCode()).isEqualTo(200);
    assertThat(agent.get("/health/checks").statusCode()).isEqualTo(200);

    Files.delete(config);
    Files.writeString(
        config,
        "checks:\n  - { name: heap, type: jvm }\n  - { name: second-check, type: threads }\n");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> agent.get("/health/checks").body().contains("\"second-check\""));
  }

  @Test
  @Timeout(60)
  void badConfigurationPrintsEveryProblemAndExitsTwo() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(
        config,
        """
        server: { port: 99999 }
        checks:
          - name: disk-root
            type: disk
            warning: lots
          - name: web
            type: htp
        """);
    agent = AgentProcess.start(dir, "run", "--config", config.toString());
    assertThat(agent.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(agent.process.exitValue()).isEqualTo(2);
    await().until(() -> agent.lines.stream().anyMatch(l -> l.contains("checks[1].type")));
    String output = String.join("\n", agent.lines);
    assertThat(output)
        .contains("server.port: must be at most 65535, but was 99999")
        .contains("checks[0].path: is required")
        .contains("checks[0].warning: must be a percentage")
        .contains("checks[1].type: unknown type 'htp'; known types: ")
        .contains(", http, ");
  }
}
