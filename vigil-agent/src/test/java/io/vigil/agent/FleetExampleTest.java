package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vigil.store.Engine;
import io.vigil.store.testing.TestDatabase;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/fleet/} as a new user runs it: three agent processes share its 300 HTTP checks on
 * this machine's PostgreSQL (a schema of the test's own), about 100 each; {@code kill -9} of one
 * moves its checks to the others within ttl + renewEvery (13 s), and the fleet-wide health of any
 * agent shows every check with a fresh result and its new owner.
 */
class FleetExampleTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The default lease and renewal: a dead agent's checks move within ttl + renewEvery. */
  private static final Duration TAKEOVER = Duration.ofSeconds(13);

  @TempDir Path dir;

  @Test
  @Timeout(300)
  void threeAgentsShareThreeHundredChecks_andAKilledOnesChecksMoveWithin13Seconds()
      throws Exception {
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    target.start();
    List<AgentProcess> agents = new ArrayList<>();
    try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL, dir)) {
      String example = Files.readString(Path.of("..", "examples", "fleet", "fleet.yaml"));
      assertThat(example).contains("127.0.0.1:9200");
      Files.writeString(
          dir.resolve("vigil.yaml"),
          example.replace("127.0.0.1:9200", "127.0.0.1:" + target.getAddress().getPort()));
      for (int i = 1; i <= 3; i++) {
        agents.add(
            AgentProcess.start(
                dir,
                Map.of("VIGIL_NODE_ID", "agent-" + i, "VIGIL_STORE_URL", db.url()),
                "run",
                "--port",
                "0"));
      }
      for (AgentProcess agent : agents) {
        await().atMost(Duration.ofSeconds(120)).until(() -> agent.port().isPresent());
      }

      // Each owns about a third, and the fleet-wide view has every check's result.
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> balanced(health(agents.get(0)), Set.of("agent-1", "agent-2", "agent-3")));
      JsonNode before = health(agents.get(0));
      Map<String, Long> owners = owners(before);
      System.out.println("FleetExampleTest: checks per agent " + owners);
      assertThat(owners.values()).allMatch(n -> n >= 90 && n <= 110);
      List<String> moved = checksOf(before, "agent-2");

      // kill -9 of one: its checks run on the others within 13 s.
      Instant killed = Instant.now();
      agents.get(1).process.destroyForcibly();
      assertThat(agents.get(1).process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> takenOver(health(agents.get(2)), moved, killed));
      JsonNode after = health(agents.get(2));
      Duration slowest = Duration.ZERO;
      for (JsonNode c : after.path("checks")) {
        if (moved.contains(c.path("name").asText())) {
          Duration took = Duration.between(killed, Instant.parse(c.path("resultAt").asText()));
          slowest = took.compareTo(slowest) > 0 ? took : slowest;
        }
      }
      System.out.printf(
          "FleetExampleTest: %d checks of the killed agent ran on the others %d ms after the kill"
              + " (last of them); per agent now %s%n",
          moved.size(), slowest.toMillis(), owners(after));
      assertThat(slowest).isLessThanOrEqualTo(TAKEOVER.plusSeconds(1));
      // Fleet-wide health from either survivor: every check with a fresh result.
      for (AgentProcess survivor : List.of(agents.get(0), agents.get(2))) {
        JsonNode view = health(survivor);
        assertThat(view.path("counts").path("checks").asInt()).isEqualTo(300);
        assertThat(view.path("counts").path("stale").asInt()).isZero();
        assertThat(view.path("counts").path("pending").asInt()).isZero();
        for (JsonNode c : view.path("checks")) {
          assertThat(c.path("status").asText()).as(c.path("name").asText()).isEqualTo("ok");
          assertThat(c.path("owner").asText()).isIn("agent-1", "agent-3");
        }
      }
    } finally {
      agents.forEach(a -> a.process.destroyForcibly());
      target.stop(0);
    }
  }

  private static JsonNode health(AgentProcess agent) throws Exception {
    return JSON.readTree(agent.get("/api/fleet/health").body());
  }

  private static Map<String, Long> owners(JsonNode health) {
    Map<String, Long> owners = new HashMap<>();
    for (JsonNode c : health.path("checks")) {
      if (c.has("owner")) {
        owners.merge(c.path("owner").asText(), 1L, Long::sum);
      }
    }
    return owners;
  }

  private static List<String> checksOf(JsonNode health, String owner) {
    List<String> names = new ArrayList<>();
    for (JsonNode c : health.path("checks")) {
      if (owner.equals(c.path("owner").asText())) {
        names.add(c.path("name").asText());
      }
    }
    return names;
  }

  /** Every check has a result, from the three agents in roughly equal shares. */
  private static boolean balanced(JsonNode health, Set<String> agents) {
    Map<String, Long> owners = owners(health);
    return health.path("counts").path("pending").asInt(-1) == 0
        && owners.keySet().equals(agents)
        && owners.values().stream().allMatch(n -> n >= 90 && n <= 110);
  }

  /** Every moved check has a result from another agent, run after the kill. */
  private static boolean takenOver(JsonNode health, List<String> moved, Instant killed) {
    Set<String> pending = moved.stream().collect(Collectors.toSet());
    for (JsonNode c : health.path("checks")) {
      String name = c.path("name").asText();
      if (pending.contains(name)
          && c.has("resultAt")
          && !c.path("owner").asText().equals("agent-2")
          && Instant.parse(c.path("resultAt").asText()).isAfter(killed)) {
        pending.remove(name);
      }
    }
    return pending.isEmpty();
  }
}
