package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.store.Engine;
import io.vigil.store.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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

  /** The defaults and the checks both tests plant secrets in (the last line opens the list). */
  private static final String CHECKS =
      """
      defaults: { interval: 2s, timeout: 2s, jitter: 0s, failureThreshold: 1 }
      checks:
        - { name: db, type: jdbc, url: "jdbc:postgresql://canuser:CanaryJdbc1@127.0.0.1:1/test" }
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
          environment: { DB_PASSWORD: CanaryEnv10 }""";

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
        %s
          - { name: cache, type: redis, url: "redis://:CanaryRedis2@127.0.0.1:1" }
          - { name: beat, type: heartbeat, ttl: 1h }
        """
            .formatted(TOKEN, CHECKS));
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

  /**
   * In a fleet the checks' states go to PostgreSQL and come back through {@code /api/fleet/health}:
   * the planted secrets are in neither, nor is the store's own password, nor in any other fleet or
   * store table.
   */
  @Test
  @Timeout(180)
  void aFleetAgentsStoredStatesAndFleetRoutesHoldNoCanary() throws Exception {
    String storePassword = "CanaryStore12";
    try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL, dir)) {
      Path config = dir.resolve("fleet.yaml");
      Files.writeString(
          config,
          """
          server: { port: 0, token: %s }
          store: { url: "%s", user: postgres, password: %s }
          fleet: { name: canary }
          %s
          """
              .formatted(TOKEN, db.url(), storePassword, CHECKS));
      agent =
          AgentProcess.start(
              dir, Map.of("VIGIL_NODE_ID", "canary-1"), "run", "--config", config.toString());
      await().atMost(Duration.ofSeconds(60)).until(() -> agent.port().isPresent());
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                String health = get("/api/fleet/health");
                return health.contains("\"pending\":0") && health.contains("\"name\":\"script\"");
              });

      List<String> exits = new ArrayList<>();
      for (String path : List.of("/api/fleet/health", "/api/fleet/agents", "/diagnostics")) {
        exits.add(path + " -> " + get(path));
      }
      try (Connection c = db.connect();
          Statement s = c.createStatement();
          ResultSet tables =
              s.executeQuery(
                  "SELECT table_name FROM information_schema.tables"
                      + " WHERE table_schema = current_schema()")) {
        List<String> names = new ArrayList<>();
        while (tables.next()) {
          names.add(tables.getString(1));
        }
        assertThat(names).contains("fleet_check_state", "fleet_agents", "fleet_actions");
        for (String table : names) {
          StringBuilder rows = new StringBuilder();
          try (Statement q = c.createStatement();
              ResultSet r = q.executeQuery("SELECT row_to_json(t)::text FROM " + table + " t")) {
            while (r.next()) {
              rows.append(r.getString(1)).append('\n');
            }
          }
          exits.add("table:" + table + " -> " + rows);
        }
      }
      agent.process.toHandle().destroy();
      agent.process.waitFor();
      exits.add("log -> " + agent.output());

      for (String exit : exits) {
        for (String canary : concat(CANARIES.keySet(), storePassword)) {
          assertThat(exit)
              .as("%s leaked through %s", canary, exit.substring(0, exit.indexOf(' ')))
              .doesNotContain(canary);
        }
      }
      String stored =
          exits.stream()
              .filter(e -> e.startsWith("table:fleet_check_state"))
              .findFirst()
              .orElseThrow();
      assertThat(stored).contains("******").contains("\"check_name\":\"script\"");
    }
  }

  private static List<String> concat(java.util.Set<String> canaries, String more) {
    List<String> all = new ArrayList<>(canaries);
    all.add(more);
    return all;
  }

  private String get(String path) throws Exception {
    return agent.get(path, "Authorization", "Bearer " + TOKEN).body();
  }

  private String post(String path, String body) throws Exception {
    return agent.post(path, body, "Authorization", "Bearer " + TOKEN).body();
  }
}
