package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.CheckSpec;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.testing.FakeTicker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The task routes and the history provider, over real HTTP, with an in-memory task API. */
class TaskRoutesTest {

  private final FakeTicker ticker = new FakeTicker();
  private final ManualMonitor monitor =
      Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> submitted = new ArrayList<>();
  private VigilServer server;

  private final Extensions.TaskApi tasks =
      new Extensions.TaskApi() {
        @Override
        public Extensions.Submitted submit(
            String type, Map<String, Object> payload, Optional<String> key) {
          if (!type.equals("health_check") && !type.equals("check")) {
            throw new IllegalArgumentException("type: unknown task type '" + type + "'");
          }
          if (payload.containsKey("boom")) {
            throw new IllegalStateException("database down; password=hunter2");
          }
          submitted.add(type + payload + key.orElse(""));
          return new Extensions.Submitted(submitted.size(), !key.equals(Optional.of("again")));
        }

        @Override
        public Optional<Map<String, Object>> task(long id) {
          return id <= submitted.size()
              ? Optional.of(Map.of("task_id", id, "status", "succeeded"))
              : Optional.empty();
        }
      };

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    monitor.stop();
  }

  private void serve(ServerOptions options, Extensions extensions) {
    server = VigilServer.start(monitor, options.withPort(0), extensions);
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(5));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void seedRoutesQueueAHealthCheckAndReadItBack() throws Exception {
    serve(ServerOptions.defaults(), Extensions.none().withTasks(tasks));
    HttpResponse<String> queued = send("POST", "/system/maintenance/health-check", "");
    assertThat(queued.statusCode()).isEqualTo(202);
    assertThat(queued.body()).isEqualTo("{\"status\":\"queued\",\"task_id\":1,\"created\":true}");
    assertThat(submitted).containsExactly("health_check{}");
    HttpResponse<String> task = send("GET", "/system/maintenance/tasks/1", "");
    assertThat(task.statusCode()).isEqualTo(200);
    assertThat(task.body()).contains("\"status\":\"succeeded\"");
    assertThat(send("GET", "/api/tasks/7", "").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/api/tasks/x", "").statusCode()).isEqualTo(400);
  }

  @Test
  void apiTasksTakesTypePayloadAndIdempotencyKey() throws Exception {
    serve(ServerOptions.defaults(), Extensions.none().withTasks(tasks));
    HttpResponse<String> r =
        send(
            "POST",
            "/api/tasks",
            "{\"type\": \"check\", \"payload\": {\"name\": \"db\"}, \"idempotencyKey\": \"k1\"}");
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(submitted).containsExactly("check{name=db}k1");
    HttpResponse<String> again =
        send("POST", "/api/tasks", "{\"type\": \"check\", \"idempotencyKey\": \"again\"}");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("\"created\":false");
    assertThat(send("POST", "/api/tasks", "{\"type\": \"nope\"}").body())
        .contains("unknown task type 'nope'");
    assertThat(send("POST", "/api/tasks", "{\"payload\": {}}").statusCode()).isEqualTo(400);
    assertThat(send("POST", "/api/tasks", "{\"type\": \"check\", \"payload\": 3}").statusCode())
        .isEqualTo(400);
    assertThat(send("POST", "/api/tasks", "not json").statusCode()).isEqualTo(400);
    HttpResponse<String> down =
        send("POST", "/api/tasks", "{\"type\": \"check\", \"payload\": {\"boom\": 1}}");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("database down").doesNotContain("hunter2");
  }

  @Test
  void withoutATaskQueueTheRoutesAnswer404() throws Exception {
    serve(ServerOptions.defaults(), Extensions.none());
    assertThat(send("POST", "/system/maintenance/health-check", "").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/api/tasks/1", "").statusCode()).isEqualTo(404);
  }

  @Test
  void theTokenGuardsTheTaskRoutesLikeTheOtherApis() throws Exception {
    serve(ServerOptions.defaults().withToken("t0ken"), Extensions.none().withTasks(tasks));
    assertThat(send("POST", "/system/maintenance/health-check", "").statusCode()).isEqualTo(401);
    assertThat(send("GET", "/system/maintenance/tasks/1", "").statusCode()).isEqualTo(401);
    assertThat(
            send("POST", "/system/maintenance/health-check", "", "Authorization", "Bearer t0ken")
                .statusCode())
        .isEqualTo(202);
    assertThat(submitted).hasSize(1);
  }

  @Test
  void sinceAddsUptimeFromTheRingAndTheProvidersFields() throws Exception {
    monitor.register(
        CheckSpec.builder("db").interval(Duration.ofSeconds(10)).jitter(Duration.ZERO).build(),
        ctx -> Result.ok());
    monitor.start();
    monitor.tick();
    List<Instant[]> asked = new ArrayList<>();
    serve(
        ServerOptions.defaults(),
        Extensions.none()
            .withHistory(
                (check, from, to) -> {
                  asked.add(new Instant[] {from, to});
                  return Map.of("transitions", List.of(Map.of("to", "ok")));
                }));
    HttpResponse<String> r = send("GET", "/health/checks/db?since=2025-12-31T00:00:00Z", "");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"uptime_percent\":100.0", "\"transitions\":[{\"to\":\"ok\"}]");
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0)[0]).isEqualTo(Instant.parse("2025-12-31T00:00:00Z"));
    assertThat(send("GET", "/health/checks/db", "").body()).doesNotContain("transitions");
  }
}
