package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vigil.alerts.internal.WebhookSink;
import io.vigil.alerts.testing.AlertmanagerProcess;
import io.vigil.alerts.testing.Collector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/alerts.yaml} tried as a new user would, with a real agent process, a local
 * webhook collector and a real Alertmanager: the target stops → one grouped notification per sink
 * within groupWait + 2 s of the hard failure; it comes back → one resolved notification; a silence
 * (created over the API the CLI uses) suppresses the next one.
 */
class AlertsExampleTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration GROUP_WAIT = Duration.ofSeconds(5);

  @TempDir Path dir;
  private AgentProcess agent;
  private HttpServer target;

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.process.destroyForcibly();
    }
    if (target != null) {
      target.stop(0);
    }
  }

  private HttpServer target(int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(
        "/",
        x -> {
          x.sendResponseHeaders(200, -1);
          x.close();
        });
    server.start();
    return server;
  }

  @Test
  @Timeout(180)
  void aStoppedTargetMakesOneGroupedNotificationPerSinkThenOneResolveAndASilenceHoldsTheNext()
      throws Exception {
    target = target(0);
    int targetPort = target.getAddress().getPort();
    try (Collector collector = Collector.start();
        AlertmanagerProcess am =
            AlertmanagerProcess.start(Files.createDirectory(dir.resolve("am")))) {
      String yaml = Files.readString(Path.of("..", "examples", "alerts.yaml"));
      yaml = replace(yaml, "port: 8080", "port: 0");
      yaml = replace(yaml, "http://127.0.0.1:8000/", "http://127.0.0.1:" + targetPort + "/");
      yaml = replace(yaml, "http://127.0.0.1:9000/hook", collector.url("/hook").toString());
      yaml = replace(yaml, "http://127.0.0.1:9093", am.url().toString());
      Path config = dir.resolve("alerts.yaml");
      Files.writeString(config, yaml);
      agent = AgentProcess.start(dir, "run", "--config", config.toString());
      await().atMost(Duration.ofSeconds(60)).until(() -> agent.port().isPresent());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> agent.get("/health/checks/web").body().contains("\"status\":\"ok\""));

      target.stop(0); // the target stops
      JsonNode alert =
          await().atMost(Duration.ofSeconds(30)).until(() -> firing("web"), a -> a != null);
      Instant hardFailure = Instant.parse(alert.path("startsAt").asText());
      await().atMost(GROUP_WAIT.plusSeconds(10)).until(() -> collector.requests().size() == 1);
      Instant received = Instant.now();
      assertThat(Duration.between(hardFailure, received))
          .as("webhook notification after the hard failure")
          .isLessThanOrEqualTo(GROUP_WAIT.plusSeconds(2));
      await().atMost(Duration.ofSeconds(5)).until(() -> active(am, "web") != null);
      assertThat(sent("alertmanager")).as("notifications sent to Alertmanager").isOne();
      assertThat(Duration.between(hardFailure, Instant.now()))
          .as("alert in Alertmanager after the hard failure")
          .isLessThanOrEqualTo(GROUP_WAIT.plusSeconds(2));
      Collector.Request first = collector.requests().getFirst();
      JsonNode body = JSON.readTree(first.body());
      assertThat(body.path("status").asText()).isEqualTo("firing");
      assertThat(body.path("alerts")).hasSize(1);
      assertThat(body.path("alerts").get(0).path("annotations").path("runbook").asText())
          .isEqualTo("https://runbooks.example.org/shop/web");
      assertThat(first.header("X-Vigil-Signature"))
          .isEqualTo("sha256=" + WebhookSink.hmac("change-me", first.body()));
      assertThat(active(am, "web").path("labels").path("component").asText()).isEqualTo("shop");

      target = target(targetPort); // it comes back
      await().atMost(Duration.ofSeconds(60)).until(() -> collector.requests().size() == 2);
      assertThat(JSON.readTree(collector.requests().get(1).body()).path("status").asText())
          .isEqualTo("resolved");
      await().atMost(Duration.ofSeconds(10)).until(() -> active(am, "web") == null);

      String silence =
          agent
              .post(
                  "/api/silences",
                  "{\"matchers\":[{\"name\":\"check\",\"value\":\"web\",\"isRegex\":false,"
                      + "\"isEqual\":true}],\"duration\":\"30m\",\"createdBy\":\"test\","
                      + "\"comment\":\"deploy\"}")
              .body();
      assertThat(silence).contains("\"state\":\"active\"");
      target.stop(0); // down again, silenced
      await().atMost(Duration.ofSeconds(30)).until(() -> state("web").equals("silenced"));
      Instant silenced = Instant.now();
      await().pollDelay(GROUP_WAIT.plusSeconds(3)).until(() -> true);
      assertThat(collector.requests()).as("notifications after %s", silenced).hasSize(2);
      assertThat(active(am, "web")).isNull();
      assertThat(agent.get("/api/notifications?status=sent").body())
          .contains("\"sink\":\"collector\"", "\"sink\":\"alertmanager\"");
    }
  }

  private long sent(String sink) throws Exception {
    return JSON.readTree(agent.get("/api/notifications?status=sent&sink=" + sink).body())
        .path("notifications")
        .size();
  }

  private JsonNode firing(String check) throws Exception {
    JsonNode alerts =
        JSON.readTree(agent.get("/api/alerts?check=" + check + "&state=firing").body());
    return alerts.path("alerts").isEmpty() ? null : alerts.path("alerts").get(0);
  }

  private String state(String check) throws Exception {
    JsonNode alerts = JSON.readTree(agent.get("/api/alerts?check=" + check).body()).path("alerts");
    return StreamSupport.stream(alerts.spliterator(), false)
        .map(a -> a.path("state").asText())
        .filter(s -> !s.equals("resolved"))
        .findFirst()
        .orElse("none");
  }

  private static JsonNode active(AlertmanagerProcess am, String check) throws IOException {
    return StreamSupport.stream(am.alerts().spliterator(), false)
        .filter(a -> a.path("labels").path("check").asText().equals(check))
        .findFirst()
        .orElse(null);
  }

  private static String replace(String text, String from, String to) {
    assertThat(text).contains(from);
    return text.replace(from, to);
  }
}
