package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerts.testing.Collector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The alert API of a real agent as the dashboard and the CLI use it (token, filters, silences, bad
 * input), and the sinks' secrets: planted in URLs, headers, the HMAC secret and the SMTP password,
 * they leave through no endpoint and no log line, while deliveries fail and retry.
 */
class AlertsApiTest {

  private static final String TOKEN = "CanaryTokenA";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final Map<String, String> CANARIES =
      Map.of(
          "CanaryHookPath1",
          "path of a webhook URL",
          "CanaryHookQuery2",
          "query of a webhook URL",
          "CanaryHmac3",
          "webhook HMAC secret",
          "CanaryHeader4",
          "a secret-named webhook header",
          "CanaryHeader5",
          "a plain webhook header",
          "CanarySlack6",
          "path of a Slack URL",
          "CanarySmtp7",
          "SMTP password",
          TOKEN,
          "server.token");

  @TempDir Path dir;
  private AgentProcess agent;

  @AfterEach
  void kill() {
    if (agent != null) {
      agent.process.destroyForcibly();
    }
  }

  @Test
  @Timeout(180)
  void theApiAnswersAsAgreedAndTheSinksSecretsLeaveThroughNoExit() throws Exception {
    try (Collector hook = Collector.start()) {
      hook.answer(500, 500);
      Files.writeString(dir.resolve("vigil.yaml"), config(hook));
      agent = AgentProcess.start(dir, "run", "--config", dir.resolve("vigil.yaml").toString());
      await().atMost(Duration.ofSeconds(60)).until(() -> agent.port().isPresent());
      await().atMost(Duration.ofSeconds(30)).until(() -> hook.requests().size() >= 3);
      assertThat(hook.requests().getLast().header("X-Plain")).isEqualTo("CanaryHeader5");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  call("GET", "/api/notifications?status=failed", "")
                      .body()
                      .contains("\"sink\":\"mail\""));

      assertThat(
              HTTP.send(
                      request("GET", "/api/alerts", "").build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(401);
      JsonNode alerts =
          JSON.readTree(call("GET", "/api/alerts?state=firing&severity=critical", "").body());
      assertThat(alerts.path("alerts")).hasSize(1);
      JsonNode db = alerts.path("alerts").get(0);
      assertThat(db.path("kind").asText()).isEqualTo("down");
      assertThat(db.path("labels").path("check").asText()).isEqualTo("db");
      assertThat(db.path("annotations").path("runbook").asText())
          .isEqualTo("https://runbooks.example/db");
      assertThat(db.path("endsAt").isNull()).isTrue();
      assertThat(db.path("inhibitedBy")).isEmpty();
      assertThat(call("GET", "/api/alerts?state=bogus", "").statusCode()).isEqualTo(400);

      assertProblem(
          call(
              "POST",
              "/api/silences",
              "{\"matchers\":[{\"name\":\"check\"}],\"duration\":\"1h\",\"comment\":\"x\"}"),
          "matchers[0].value: required");
      assertProblem(
          call(
              "POST",
              "/api/silences",
              "{\"matchers\":[{\"name\":\"check\",\"value\":\"(\",\"isRegex\":true}],\"duration\":\"1h\",\"comment\":\"x\"}"),
          "matchers[0].value: not a regular expression");
      assertProblem(
          call(
              "POST",
              "/api/silences",
              "{\"matchers\":[{\"name\":\"check\",\"value\":\"db\"}],\"duration\":\"1h\",\"endsAt\":\"2030-01-01T00:00:00Z\",\"comment\":\"x\"}"),
          "endsAt: give either endsAt or duration");
      assertProblem(
          call("POST", "/api/silences", "{\"matchers\":[],\"duration\":\"1h\"}"),
          "matchers: required");
      assertThat(call("DELETE", "/api/silences/nope", "").statusCode()).isEqualTo(404);

      HttpResponse<String> created =
          call(
              "POST",
              "/api/silences",
              "{\"matchers\":[{\"name\":\"check\",\"value\":\"db\",\"isRegex\":false,\"isEqual\":true}],\"duration\":\"2h\",\"createdBy\":\"ops\",\"comment\":\"deploy\"}");
      assertThat(created.statusCode()).isEqualTo(201);
      String id = JSON.readTree(created.body()).path("id").asText();
      assertThat(JSON.readTree(created.body()).path("state").asText()).isEqualTo("active");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> call("GET", "/api/alerts?state=silenced", "").body().contains(id));
      assertThat(call("GET", "/api/silences", "").body()).contains(id, "\"createdBy\":\"ops\"");
      HttpResponse<String> expired = call("DELETE", "/api/silences/" + id, "");
      assertThat(expired.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(expired.body()).path("state").asText()).isEqualTo("expired");

      List<String> exits = new ArrayList<>();
      for (String path :
          List.of(
              "/api/alerts",
              "/api/notifications",
              "/api/notifications?status=failed",
              "/api/silences",
              "/diagnostics",
              "/metrics")) {
        exits.add(path + " -> " + call("GET", path, "").body());
      }
      String metrics = exits.get(5);
      assertThat(metrics)
          .contains(
              "vigil_alerts_firing{severity=\"critical\"}",
              "vigil_notifications_total{outcome=\"sent\",sink=\"hook\"}",
              "vigil_notification_queue_depth{sink=\"mail\"}",
              "vigil_notification_latency_seconds_count{sink=\"hook\"}");
      assertThat(exits.get(4)).contains("\"alerts\":{", "\"outbox\":\"store\"");
      agent.process.toHandle().destroy();
      agent.process.waitFor();
      exits.add("log -> " + agent.output());
      for (String exit : exits) {
        for (Map.Entry<String, String> canary : CANARIES.entrySet()) {
          assertThat(exit)
              .as(
                  "the %s leaked through %s",
                  canary.getValue(), exit.substring(0, exit.indexOf(' ')))
              .doesNotContain(canary.getKey());
        }
      }
      assertThat(agent.output())
          .contains(
              "event=notification_retry sink=hook",
              "event=notification_retry sink=chat",
              "event=notification_sent sink=hook");
    }
  }

  private static String config(Collector hook) {
    return """
        server: { port: 0, token: %s }
        defaults: { interval: 1s, timeout: 1s, jitter: 0s, failureThreshold: 1 }
        checks:
          - { name: db, type: fixed, status: critical, critical: true, alert: { runbook: "https://runbooks.example/db" } }
        alerts:
          groupWait: 0s
          retryInitial: 200ms
          retryMax: 1s
          sinks:
            - name: hook
              type: webhook
              url: "%s"
              secret: CanaryHmac3
              headers: { X-Api-Key: CanaryHeader4, X-Plain: CanaryHeader5 }
            - { name: chat, type: slack, url: "http://127.0.0.1:1/services/CanarySlack6" }
            - { name: mail, type: email, host: 127.0.0.1, port: 1, from: vigil@example.org, to: [ops@example.org], username: vigil, password: CanarySmtp7 }
        """
        .formatted(TOKEN, hook.url("/hook/CanaryHookPath1?token=CanaryHookQuery2"));
  }

  private static void assertProblem(HttpResponse<String> r, String detail) {
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    assertThat(r.body()).contains(detail);
  }

  private HttpRequest.Builder request(String method, String path, String body) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + agent.port().orElseThrow() + path))
        .timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    return HTTP.send(
        request(method, path, body).header("Authorization", "Bearer " + TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
