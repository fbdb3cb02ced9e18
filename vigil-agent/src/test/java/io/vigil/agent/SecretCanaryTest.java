package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets planted in every place a user puts them never leave the agent: not in any endpoint a
 * token holder reads, not in the log.
 */
class SecretCanaryTest {

  private static final String TOKEN = "CanaryToken0";

  /** Each canary and where it was planted. */
  private static final Map<String, String> CANARIES =
      Map.ofEntries(
          Map.entry("CanaryJdbc1", "userinfo of a JDBC URL"),
          Map.entry("CanaryRedis2", "password of a redis URL"),
          Map.entry("CanaryArgv3", "argv after --password"),
          Map.entry("CanaryArgv4", "argv attached to -p"),
          Map.entry("CanaryArgv5", "argv after --db-pass"),
          Map.entry("CanaryBody6", "JSON password in an http body"),
          Map.entry("CanarySig7", "?sig= query value"),
          Map.entry("CanaryQuery8", "?token= query value"),
          Map.entry("CanaryHeader9", "Authorization header of an http check"),
          Map.entry("CanaryEnv10", "secret environment variable a script prints"),
          Map.entry("CanaryBeat11", "secret in a heartbeat message"),
          Map.entry(TOKEN, "server.token"));

  @TempDir Path dir;

  private AgentProcess agent;

  @AfterEach
  void kill() {
    if (agent != null) {
      agent.process.destroyForcibly();
    }
  }

  @Test
  @Timeout(120)
  void plantedSecretsLeaveThroughNoExit() throws Exception {
    Path config = dir.resolve("vigil.yaml");
    Files.writeString(
        config,
        """
        server: { port: 0, token: %s }
        defaults: { interval: 2s, timeout: 2s, jitter: 0s, failureThreshold: 1 }
        checks:
          - { name: db, type: jdbc, url: "jdbc:postgresql://canuser:CanaryJdbc1@127.0.0.1:1/test" }
          - { name: cache, type: redis, url: "redis://:CanaryRedis2@127.0.0.1:1" }
          - name: tool
            type: command
            command: [/bin/echo, --password, CanaryArgv3, -pCanaryArgv4, --db-pass, CanaryArgv5]
          - name: api
            type: http
            url: "http://127.0.0.1:1/x?sig=CanarySig7&token=CanaryQuery8"
            method: POST
            body: '{"user":"app","password":"CanaryBody6"}'
            headers: { Authorization: "Bearer CanaryHeader9" }
          - name: script
            type: command
            command: [/usr/bin/printenv, DB_PASSWORD]
            environment: { DB_PASSWORD: CanaryEnv10 }
          - { name: beat, type: heartbeat, ttl: 1h }
        """
            .formatted(TOKEN));
    agent = AgentProcess.start(dir, "run", "--config", config.toString());
    await().atMost(Duration.ofSeconds(60)).until(() -> agent.port().isPresent());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !get("/health/checks/script").contains("no result yet"));
    post("/api/heartbeat/beat", "{\"status\":\"warning\",\"message\":\"token=CanaryBeat11\"}");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/health/checks/beat").contains("warning"));

    List<String> exits = new ArrayList<>();
    for (String path :
        List.of(
            "/health",
            "/health/checks",
            "/health/components",
            "/diagnostics",
            "/metrics",
            "/health/checks/db?since=1h",
            "/health/checks/cache?since=1h",
            "/health/checks/tool?since=1h",
            "/health/checks/api?since=1h",
            "/health/checks/script?since=1h",
            "/health/checks/beat?since=1h")) {
      exits.add(path + " -> " + get(path));
    }
    exits.add("POST /api/reload -> " + post("/api/reload", ""));
    agent.process.toHandle().destroy();
    agent.process.waitFor();
    exits.add("log -> " + agent.output());

    for (String exit : exits) {
      for (Map.Entry<String, String> canary : CANARIES.entrySet()) {
        assertThat(exit)
            .as("the %s leaked through %s", canary.getValue(), exit.substring(0, exit.indexOf(' ')))
            .doesNotContain(canary.getKey());
      }
    }
    // The checks really ran and reported: the masks are there, not empty answers.
    assertThat(String.join("\n", exits)).contains("******");
  }

  private String get(String path) throws Exception {
    return agent.get(path, "Authorization", "Bearer " + TOKEN).body();
  }

  private String post(String path, String body) throws Exception {
    return agent.post(path, body, "Authorization", "Bearer " + TOKEN).body();
  }
}
