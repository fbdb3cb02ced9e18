package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.agent.config.ConfigDocument;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.checks.CheckType;
import io.vigil.checks.CheckTypes;
import io.vigil.checks.Heartbeats;
import io.vigil.core.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in-process, over real HTTP: its probes answer while its checks are still being created,
 * and a reload never pretends to change a server setting that cannot change while it runs.
 */
class AgentStartTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ExecutorService starter = Executors.newSingleThreadExecutor();
  private final CountDownLatch creating = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private Agent agent;

  /** {@code type: gate}: its creation blocks until the test releases it; then it answers OK. */
  private final CheckType gate =
      CheckType.of(
          "gate",
          "blocks its creation until released (tests only)",
          s -> {
            creating.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return ctx -> Result.ok("open");
          });

  private final ConfigLoader loader = new ConfigLoader(CheckTypes.of(List.of(gate)), Map.of());

  @AfterEach
  void stop() {
    release.countDown();
    if (agent != null) {
      agent.close();
    }
    starter.shutdownNow();
  }

  private HttpResponse<String> send(int port, String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private Agent start(Path file) throws Exception {
    ConfigDocument document = loader.read(Optional.of(file));
    return Agent.start(loader, document, loader.server(document), new Heartbeats());
  }

  @Test
  @Timeout(60)
  void probesAnswerStartingWhileTheChecksAreStillBeingCreated() throws Exception {
    int port = freePort();
    StringBuilder yaml = new StringBuilder("server: { port: " + port + " }\nchecks:\n");
    for (int i = 0; i < 40; i++) {
      yaml.append("  - { name: gate-").append(i).append(", type: gate, interval: 1s }\n");
    }
    Path file = write(yaml.toString());
    Future<Agent> started = starter.submit(() -> start(file));
    assertThat(creating.await(30, TimeUnit.SECONDS)).as("creation began").isTrue();

    // The first check's creation is blocked: nothing is registered or started yet.
    HttpResponse<String> live = send(port, "GET", "/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).contains("\"status\":\"starting\"");
    assertThat(send(port, "GET", "/health/started").statusCode()).isEqualTo(503);
    assertThat(send(port, "GET", "/health/ready").statusCode()).isEqualTo(503);
    HttpResponse<String> reload = send(port, "POST", "/api/reload");
    assertThat(reload.statusCode()).isEqualTo(422);
    assertThat(reload.body()).contains("the agent is still starting");
    assertThat(started).isNotDone();

    release.countDown();
    agent = started.get(30, TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> send(port, "GET", "/health/started").statusCode() == 200);
    assertThat(send(port, "GET", "/health").body()).contains("\"gate-39\"");
  }

  @Test
  @Timeout(60)
  void addingATokenByReloadIsRejectedAndTheServerSettingsInForceAreShown() throws Exception {
    release.countDown();
    Path file = write("server: { port: 0 }\nchecks:\n  - { name: a, type: gate }\n");
    agent = start(file);
    int port = agent.port();
    Files.writeString(
        file,
        "server: { port: 0, token: s3cret-token }\n"
            + "checks:\n  - { name: a, type: gate }\n  - { name: b, type: gate }\n");

    HttpResponse<String> reload = send(port, "POST", "/api/reload");
    assertThat(reload.statusCode()).isEqualTo(422);
    assertThat(reload.body())
        .contains("server.token: set or changed")
        .contains("restart the agent to change it")
        .doesNotContain("s3cret-token");
    // Nothing of the rejected file applies: no check b, no token required.
    assertThat(agent.monitor().snapshot().checks()).containsOnlyKeys("a", AgentStore.CHECK);
    assertThat(send(port, "GET", "/health/checks").statusCode()).isEqualTo(200);
    JsonNode config = JSON.readTree(send(port, "GET", "/diagnostics").body()).path("config");
    assertThat(config.path("server").path("token").asText()).isEqualTo("not set");
    assertThat(config.path("server").path("port").asInt()).isEqualTo(port);
    assertThat(config.path("settings").path("server").has("token")).isFalse();
  }
}
