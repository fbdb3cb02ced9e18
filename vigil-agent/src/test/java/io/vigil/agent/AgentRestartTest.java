package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.testing.Tools;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent killed with {@code kill -9} and started again, three times: its supervised program
 * keeps running as exactly one copy, which the new agent adopts and reports on.
 */
class AgentRestartTest {

  @TempDir Path dir;

  private AgentProcess agent;

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.process.destroyForcibly();
    }
    copies().forEach(ProcessHandle::destroyForcibly);
  }

  /** The web server's copies, told apart from any other by their unique directory. */
  private List<ProcessHandle> copies() {
    String www = dir.resolve("www").toString();
    return ProcessHandle.allProcesses()
        .filter(h -> h.info().arguments().map(a -> List.of(a).contains(www)).orElse(false))
        .toList();
  }

  private long pidFile() throws Exception {
    return Long.parseLong(Files.readString(dir.resolve("state/programs/web.pid")).strip());
  }

  @Test
  @Timeout(240)
  void aKilledAgentsProgramIsAdoptedByTheNextOneNeverStartedTwice() throws Exception {
    String python = Tools.require("python3", "python3");
    Files.createDirectories(dir.resolve("www"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("vigil.yaml");
    Files.writeString(
        config,
        """
        server: { port: 0 }
        healing: { directory: %s }
        supervise:
          - name: web
            command: [%s, -m, http.server, "%d", --bind, 127.0.0.1, --directory, %s]
        checks:
          - name: web-process
            type: process
            pidFile: %s
            interval: 1s
          - name: web
            type: http
            url: http://127.0.0.1:%d/
            interval: 1s
            recovery: { program: web }
        """
            .formatted(
                dir.resolve("state"),
                python,
                port,
                dir.resolve("www"),
                dir.resolve("state/programs/web.pid"),
                port));
    agent = AgentProcess.start(dir, "run", "--config", config.toString());
    await().atMost(Duration.ofSeconds(60)).until(() -> agent.port().isPresent());
    await().atMost(Duration.ofSeconds(30)).until(() -> copies().size() == 1);
    long original = copies().get(0).pid();
    await().atMost(Duration.ofSeconds(30)).until(() -> agent.get("/health").statusCode() == 200);

    for (int round = 1; round <= 3; round++) {
      agent.process.destroyForcibly(); // kill -9: no shutdown, the program is left running
      assertThat(agent.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(copies()).extracting(ProcessHandle::pid).containsExactly(original);

      agent = AgentProcess.start(dir, "run", "--config", config.toString());
      await().atMost(Duration.ofSeconds(60)).until(() -> agent.port().isPresent());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> agent.get("/health/checks/web-process").body().contains("\"status\":\"ok\""));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> agent.get("/health/checks/web").body().contains("\"status\":\"ok\""));
      assertThat(copies())
          .as("round %d; log:%n%s", round, agent.output())
          .extracting(ProcessHandle::pid)
          .containsExactly(original);
      assertThat(pidFile()).isEqualTo(original);
      assertThat(agent.output()).contains("event=program_adopted program=web pid=" + original);
    }

    agent.process.toHandle().destroy(); // SIGTERM: a clean stop stops the program too
    assertThat(agent.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> copies().isEmpty());
  }

  @Test
  @Timeout(120)
  void onCriticalFailureExitsWithCodeThreeOnceACriticalCheckIsDownBeyondHelpForTheGrace()
      throws Exception {
    Path config = dir.resolve("critical.yaml");
    Files.writeString(
        config,
        """
        server: { port: 0 }
        healing:
          directory: %s
          onCriticalFailure: { grace: 2s, action: exit }
        checks:
          - name: db
            type: process
            pidFile: %s
            interval: 1s
            failureThreshold: 1
            critical: true
        """
            .formatted(dir.resolve("state"), dir.resolve("missing.pid")));
    agent = AgentProcess.start(dir, "run", "--config", config.toString());
    assertThat(agent.process.waitFor(90, TimeUnit.SECONDS)).as(agent.output()).isTrue();
    assertThat(agent.process.exitValue()).as(agent.output()).isEqualTo(3);
    assertThat(agent.output())
        .contains("event=critical_failure_pending checks=db grace=2s")
        .contains("event=critical_failure checks=db")
        .contains("event=stopped");
  }
}
