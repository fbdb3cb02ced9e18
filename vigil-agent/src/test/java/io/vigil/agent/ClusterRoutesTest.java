package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.cluster.ClusterMonitor;
import io.vigil.cluster.DetectorSettings;
import io.vigil.cluster.ManualClusterMonitor;
import io.vigil.cluster.NodeSpec;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.testing.FakeTicker;
import io.vigil.server.Extensions;
import io.vigil.server.ServerOptions;
import io.vigil.server.VigilServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code /api/cluster} routes exactly as CONTRACTS.md fixes them, on a fake clock. */
class ClusterRoutesTest {

  private static final String TOKEN = "CanaryClusterToken";
  private static final Duration BEAT = Duration.ofMillis(500);

  private final FakeTicker ticker = new FakeTicker();
  private final ManualMonitor monitor =
      Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final ClusterRoutes routes = new ClusterRoutes(Duration.ofMillis(300));
  private ManualClusterMonitor cluster;
  private VigilServer server;

  @BeforeEach
  void serve() {
    cluster =
        ClusterMonitor.builder()
            .detector(
                new DetectorSettings.Heartbeat(BEAT, 8, 1, 1000, Duration.ofMillis(100), BEAT))
            .node(NodeSpec.of("n1", "10.0.0.1:9042").withZone("a"))
            .node(NodeSpec.of("n2", "10.0.0.2:9042").withZone("b"))
            .ticker(ticker)
            .buildManual();
    server =
        VigilServer.start(
            monitor,
            ServerOptions.defaults().withPort(0).withToken(TOKEN),
            Extensions.none().withApi(routes));
  }

  @AfterEach
  void stop() {
    server.close();
    cluster.close();
    monitor.stop();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void beatAndTick(String... nodes) throws Exception {
    for (String node : nodes) {
      assertThat(send("POST", "/api/cluster/heartbeat/" + node, "").statusCode()).isEqualTo(200);
    }
    ticker.advance(Duration.ofMillis(100));
    cluster.tick();
  }

  @Test
  void whileStartingThenWithoutAClusterSection() throws Exception {
    assertThat(send("GET", "/api/cluster/nodes", "").statusCode()).isEqualTo(503);
    routes.started(Optional.empty());
    HttpResponse<String> absent = send("GET", "/api/cluster/routing", "");
    assertThat(absent.statusCode()).isEqualTo(404);
    assertThat(absent.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(send("POST", "/api/cluster/heartbeat/n1", "").statusCode()).isEqualTo(404);
  }

  @Test
  void nodesRoutingHeartbeatsJoinAndLeaveAsTheContractSays() throws Exception {
    routes.started(Optional.of(cluster));
    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/cluster/nodes"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);

    beatAndTick("n1", "n2");
    JsonNode nodes = json.readTree(send("GET", "/api/cluster/nodes", "").body());
    assertThat(nodes.get("brake").asBoolean()).isFalse();
    JsonNode n1 = nodes.get("nodes").get(0);
    assertThat(n1.get("id").asText()).isEqualTo("n1");
    assertThat(n1.get("state").asText()).isEqualTo("healthy");
    for (String field :
        new String[] {
          "address",
          "healthUrl",
          "zone",
          "capacity",
          "labels",
          "state",
          "since",
          "reason",
          "phi",
          "lastHeartbeat",
          "shards"
        }) {
      assertThat(n1.has(field)).as(field).isTrue();
    }
    assertThat(n1.get("shards").get("primary").asInt() + n1.get("shards").get("replica").asInt())
        .isEqualTo(64); // 64 shards x 2 copies on 2 nodes

    JsonNode routing = json.readTree(send("GET", "/api/cluster/routing", "").body());
    assertThat(routing.get("epoch").asLong()).isEqualTo(1);
    assertThat(routing.get("frozen").asBoolean()).isFalse();
    assertThat(routing.get("shards")).hasSize(64);
    assertThat(routing.get("shards").get(0).get("shard").asInt()).isZero();
    assertThat(routing.get("shards").get(0).get("replicas")).hasSize(1);

    HttpResponse<String> joined =
        send(
            "POST",
            "/api/cluster/nodes",
            "{\"id\":\"n3\",\"address\":\"10.0.0.3:9042\",\"zone\":\"c\",\"capacity\":2,"
                + "\"labels\":{\"rack\":\"r1\"}}");
    assertThat(joined.statusCode()).as(joined.body()).isEqualTo(201);
    assertThat(json.readTree(joined.body()).get("state").asText()).isEqualTo("joining");
    assertThat(send("POST", "/api/cluster/nodes", "{\"id\":\"n3\",\"address\":\"x\"}").statusCode())
        .isEqualTo(409);
    assertThat(send("POST", "/api/cluster/heartbeat/n3", "").statusCode()).isEqualTo(200);
    assertThat(send("POST", "/api/cluster/heartbeat/nobody", "").statusCode()).isEqualTo(404);

    HttpResponse<String> left = send("DELETE", "/api/cluster/nodes/n3", "");
    assertThat(left.statusCode()).isEqualTo(200);
    assertThat(json.readTree(left.body()).get("state").asText()).isEqualTo("left");
    assertThat(send("DELETE", "/api/cluster/nodes/nobody", "").statusCode()).isEqualTo(404);
    assertThat(send("POST", "/api/cluster/heartbeat/n3", "").statusCode()).isEqualTo(409);
  }

  @Test
  void aJoinWithBadFieldsIsRefusedNamingTheField() throws Exception {
    routes.started(Optional.of(cluster));
    assertProblem("{\"address\":\"a:1\"}", "id: required");
    assertProblem("{\"id\":\"x y\",\"address\":\"a:1\"}", "id: must be 1 to 64 letters");
    assertProblem(
        "{\"id\":\"n9\",\"address\":\"a:1\",\"capacity\":\"lots\"}", "capacity: must be a number");
    assertProblem(
        "{\"id\":\"n9\",\"address\":\"a:1\",\"capacity\":0}", "capacity: must be greater than 0");
    assertProblem(
        "{\"id\":\"n9\",\"address\":\"a:1\",\"labels\":[1]}", "labels: must be an object");
    assertProblem("{\"id\":\"n9\",\"address\":\"a:1\",\"colour\":1}", "colour: unknown field");
    assertProblem(
        "{\"id\":\"n9\",\"address\":\"a:1\",\"healthUrl\":\"ftp://u:CanaryPw@h/\"}",
        "healthUrl: must be an http:// or https:// URL");
    assertProblem("[1]", "the body must be a JSON object");
    String body =
        send(
                "POST",
                "/api/cluster/nodes",
                "{\"id\":\"n9\",\"address\":\"a:1\",\"healthUrl\":\"ftp://u:CanaryPw@h/\"}")
            .body();
    assertThat(body).doesNotContain("CanaryPw");
  }

  private void assertProblem(String body, String detail) throws Exception {
    HttpResponse<String> answer = send("POST", "/api/cluster/nodes", body);
    assertThat(answer.statusCode()).as(body).isEqualTo(400);
    assertThat(json.readTree(answer.body()).get("detail").asText()).as(body).contains(detail);
  }

  @Test
  void aLongPollAnswersAtTheNextEpochOrAtItsTimeoutAndRefusesBadEpochs() throws Exception {
    routes.started(Optional.of(cluster));
    beatAndTick("n1", "n2");
    assertThat(send("GET", "/api/cluster/routing?afterEpoch=x", "").statusCode()).isEqualTo(400);
    assertThat(send("GET", "/api/cluster/routing?afterEpoch=-1", "").statusCode()).isEqualTo(400);
    long t0 = System.nanoTime();
    JsonNode same = json.readTree(send("GET", "/api/cluster/routing?afterEpoch=1", "").body());
    assertThat(same.get("epoch").asLong()).as("nothing new within the poll").isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));

    CompletableFuture<HttpResponse<String>> poll =
        http.sendAsync(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + server.port() + "/api/cluster/routing?afterEpoch=1"))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    cluster.leave("n2");
    ticker.advance(Duration.ofMillis(100));
    cluster.tick();
    assertThat(json.readTree(poll.get().body()).get("epoch").asLong()).isEqualTo(2);
  }
}
