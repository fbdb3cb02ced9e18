package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.CheckSpec;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import io.vigil.core.testing.ScriptedCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoints over real HTTP on a random port, with the engine driven by a fake clock. */
class ServerTest {

  private static final String TOKEN = "s3cr3t-token";

  private final FakeTicker ticker = new FakeTicker();
  private final ManualMonitor monitor =
      Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
  private final HttpClient http = HttpClient.newHttpClient();
  private VigilServer server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    monitor.stop();
  }

  private static CheckSpec.Builder spec(String name) {
    return CheckSpec.builder(name)
        .interval(Duration.ofSeconds(10))
        .retryInterval(Duration.ofSeconds(1))
        .jitter(Duration.ZERO)
        .failureThreshold(1);
  }

  private void serve(ServerOptions options) {
    server = VigilServer.start(monitor, options.withPort(0), Extensions.none());
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    return send("GET", path, headers);
  }

  private HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(5));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, Integer> codes() throws Exception {
    return Map.of(
        "health", get("/health").statusCode(),
        "ready", get("/health/ready").statusCode(),
        "live", get("/health/live").statusCode(),
        "started", get("/health/started").statusCode());
  }

  @Test
  void everyStatusMapsToItsCodes() throws Exception {
    ScriptedCheck db = new ScriptedCheck(Status.OK);
    ScriptedCheck cache = new ScriptedCheck(Status.OK);
    monitor.register(spec("db").critical(true).build(), db);
    monitor.register(spec("cache").build(), cache);
    serve(ServerOptions.defaults());

    assertThat(codes()).isEqualTo(Map.of("health", 503, "ready", 503, "live", 200, "started", 503));
    assertThat(get("/health").body()).contains("\"status\":\"starting\"");

    monitor.start();
    monitor.tick();
    assertThat(codes()).isEqualTo(Map.of("health", 200, "ready", 200, "live", 200, "started", 200));

    cache.then(Status.CRITICAL);
    ticker.advance(Duration.ofSeconds(10));
    monitor.tick();
    assertThat(get("/health").body()).contains("\"status\":\"degraded\"");
    assertThat(codes()).isEqualTo(Map.of("health", 200, "ready", 200, "live", 200, "started", 200));

    db.then(Status.CRITICAL);
    ticker.advance(Duration.ofSeconds(10));
    monitor.tick();
    assertThat(get("/health").body()).contains("\"status\":\"unhealthy\"");
    assertThat(codes()).isEqualTo(Map.of("health", 503, "ready", 503, "live", 200, "started", 200));

    monitor.stop();
    assertThat(codes()).isEqualTo(Map.of("health", 503, "ready", 503, "live", 503, "started", 200));
  }

  @Test
  void healthHasTheDocumentedShape() throws Exception {
    monitor.register(spec("db").critical(true).tags("backend").build(), new ScriptedCheck());
    monitor.start();
    monitor.tick();
    serve(ServerOptions.defaults());
    String body = get("/health").body();
    for (String field :
        List.of(
            "status",
            "message",
            "score",
            "checks",
            "uptime",
            "start_time",
            "last_update",
            "version",
            "node_id",
            "healthy",
            "details",
            "latency_ms",
            "timestamp",
            "age_ms",
            "state_type",
            "consecutive_failures",
            "flapping")) {
      assertThat(body).contains("\"" + field + "\"");
    }
    HttpResponse<String> checks = get("/health/checks");
    assertThat(checks.body()).contains("\"total\":1");
    assertThat(checks.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void tokenGuardsDetailsButNotProbes() throws Exception {
    monitor.register(spec("db").build(), new ScriptedCheck());
    monitor.start();
    monitor.tick();
    serve(ServerOptions.defaults().withToken(TOKEN));

    HttpResponse<String> anonymous = get("/health");
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.body()).contains("healthy").doesNotContain("db").doesNotContain("checks");
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    assertThat(get("/health/ready").body()).doesNotContain("message");
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    assertThat(get("/health/started").statusCode()).isEqualTo(200);

    for (String path : List.of("/health/checks", "/health/checks/db", "/diagnostics", "/metrics")) {
      HttpResponse<String> denied = get(path);
      assertThat(denied.statusCode()).as(path).isEqualTo(401);
      assertThat(denied.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(denied.headers().firstValue("WWW-Authenticate")).isPresent();
      assertThat(get(path, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
      assertThat(get(path, "Authorization", "Bearer " + TOKEN).statusCode())
          .as(path)
          .isEqualTo(200);
    }
    assertThat(get("/health", "Authorization", "Bearer " + TOKEN).body()).contains("\"db\"");
  }

  @Test
  void refusesNonLoopbackWithoutTokenUnlessAnonymousIsAllowed() {
    assertThatThrownBy(() -> serve(ServerOptions.defaults().withHost("0.0.0.0", false)))
        .isInstanceOf(VigilServer.UnsafeBindException.class)
        .hasMessageContaining("without a token")
        .hasMessageContaining("server.allowAnonymous");
    serve(ServerOptions.defaults().withHost("0.0.0.0", true));
    assertThat(server.port()).isPositive();
    server.close();
    serve(ServerOptions.defaults().withHost("0.0.0.0", false).withToken(TOKEN));
    assertThat(server.port()).isPositive();
  }

  @Test
  void checkHistorySinceAndErrorsAsProblems() throws Exception {
    monitor.register(spec("db").build(), new ScriptedCheck(Status.OK, Status.WARNING, Status.OK));
    monitor.start();
    for (int i = 0; i < 3; i++) {
      monitor.tick();
      ticker.advance(Duration.ofSeconds(10));
    }
    serve(ServerOptions.defaults());
    String since = ticker.wallTime().minusSeconds(60).toString();
    String body = get("/health/checks/db?since=" + since).body();
    assertThat(body).contains("\"history\"", "\"warning\":1", "\"ok\":2");
    HttpResponse<String> bad = get("/health/checks/db?since=yesterday");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("since: must be an instant");
    HttpResponse<String> missing = get("/health/checks/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("\"detail\":\"no check named 'nope'\"");
    assertThat(send("DELETE", "/health").statusCode()).isEqualTo(405);
  }

  @Test
  void groupsAndComponents() throws Exception {
    monitor.register(spec("web").component("frontend").tags("edge").build(), new ScriptedCheck());
    monitor.register(
        spec("cdn").component("frontend").critical(true).tags("edge").build(),
        new ScriptedCheck(Status.CRITICAL));
    monitor.register(spec("db").component("backend").build(), new ScriptedCheck());
    monitor.start();
    monitor.tick();
    serve(ServerOptions.defaults());
    HttpResponse<String> edge = get("/health/group/edge");
    assertThat(edge.statusCode()).isEqualTo(503);
    assertThat(edge.body()).contains("\"status\":\"unhealthy\"");
    assertThat(get("/health/group/none").statusCode()).isEqualTo(404);
    assertThat(get("/health/components").body()).contains("\"frontend\"", "\"backend\"");
  }

  @Test
  void headAnswersWithoutBody() throws Exception {
    monitor.start();
    monitor.tick();
    serve(ServerOptions.defaults());
    HttpResponse<String> head = send("HEAD", "/health");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void secretsAreMaskedInEveryResponse() throws Exception {
    monitor.register(
        spec("db").build(),
        ctx ->
            Result.critical("cannot reach postgres://app:hunter2@db:5432/main")
                .withDetail("password", "hunter2")
                .withDetail("url", "redis://:hunter2@cache:6379"));
    monitor.start();
    monitor.tick();
    serve(ServerOptions.defaults());
    for (String path : List.of("/health", "/health/checks", "/health/checks/db?since=1h")) {
      assertThat(get(path).body()).as(path).doesNotContain("hunter2").contains("******");
    }
  }

  @Test
  void quarantineLiftNeedsTheTokenAndAnswers200Or409Or404() throws Exception {
    java.util.List<String> callers = new java.util.concurrent.CopyOnWriteArrayList<>();
    Extensions lifts =
        Extensions.none()
            .withQuarantineLifter(
                (name, by) -> {
                  callers.add(by);
                  return switch (name) {
                    case "db" ->
                        new Extensions.LiftOutcome(
                            Extensions.LiftResult.LIFTED,
                            java.util.Optional.of(Map.of("check", "db", "phase", "idle")));
                    case "api" ->
                        new Extensions.LiftOutcome(
                            Extensions.LiftResult.NOT_QUARANTINED, java.util.Optional.empty());
                    default ->
                        new Extensions.LiftOutcome(
                            Extensions.LiftResult.UNKNOWN, java.util.Optional.empty());
                  };
                });
    server =
        VigilServer.start(monitor, ServerOptions.defaults().withToken(TOKEN).withPort(0), lifts);
    String auth = "Bearer " + TOKEN;
    assertThat(send("POST", "/api/checks/db/quarantine/lift").statusCode()).isEqualTo(401);
    assertThat(callers).isEmpty();
    HttpResponse<String> lifted =
        send("POST", "/api/checks/db/quarantine/lift", "Authorization", auth);
    assertThat(lifted.statusCode()).isEqualTo(200);
    assertThat(lifted.body()).contains("\"phase\":\"idle\"");
    assertThat(lifted.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(send("POST", "/api/checks/api/quarantine/lift", "Authorization", auth).statusCode())
        .isEqualTo(409);
    assertThat(send("POST", "/api/checks/nope/quarantine/lift", "Authorization", auth).statusCode())
        .isEqualTo(404);
    assertThat(callers).first().isEqualTo("token@127.0.0.1");
  }

  @Test
  void heartbeatsArePushedAndJudgedAtOnce() throws Exception {
    java.util.Map<String, Status> received = new java.util.concurrent.ConcurrentHashMap<>();
    monitor.register(
        spec("job").build(),
        ctx ->
            received.containsKey("job")
                ? Result.of(received.get("job"), "beat")
                : Result.critical("none"));
    monitor.start();
    Extensions beats =
        Extensions.none()
            .withHeartbeats(
                (name, status, message) -> {
                  if (!name.equals("job")) {
                    return false;
                  }
                  received.put(name, status);
                  return true;
                });
    server =
        VigilServer.start(monitor, ServerOptions.defaults().withToken(TOKEN).withPort(0), beats);
    assertThat(send("POST", "/api/heartbeat/job").statusCode()).isEqualTo(401);
    HttpResponse<String> ok =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/heartbeat/job"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"status\":\"warning\",\"message\":\"slow\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(received).containsEntry("job", Status.WARNING);
    org.awaitility.Awaitility.await()
        .until(
            () ->
                monitor
                        .snapshot()
                        .check("job")
                        .flatMap(c -> c.lastResult())
                        .map(r -> r.status())
                        .orElse(null)
                    == Status.WARNING);
    assertThat(
            send("POST", "/api/heartbeat/other", "Authorization", "Bearer " + TOKEN).statusCode())
        .isEqualTo(404);
    assertThat(
            send("POST", "/api/heartbeat/job?status=bogus", "Authorization", "Bearer " + TOKEN)
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void reloadAnswersWithTheOutcome() throws Exception {
    Extensions ok =
        Extensions.none()
            .withReloader(
                () -> new Extensions.ReloadOutcome(true, List.of(), List.of(), Map.of("added", 1)));
    server = VigilServer.start(monitor, ServerOptions.defaults().withPort(0), ok);
    HttpResponse<String> applied = send("POST", "/api/reload");
    assertThat(applied.statusCode()).isEqualTo(200);
    assertThat(applied.body()).contains("\"added\":1");
    server.close();
    Extensions bad =
        Extensions.none()
            .withReloader(
                () ->
                    new Extensions.ReloadOutcome(
                        false, List.of("checks[0].type: unknown type 'x'"), List.of(), Map.of()));
    server = VigilServer.start(monitor, ServerOptions.defaults().withPort(0), bad);
    HttpResponse<String> rejected = send("POST", "/api/reload");
    assertThat(rejected.statusCode()).isEqualTo(422);
    assertThat(rejected.body()).contains("unknown type 'x'");
  }
}
