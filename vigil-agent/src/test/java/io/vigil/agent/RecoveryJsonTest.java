package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.CheckSpec;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Ticker;
import io.vigil.recovery.Guards;
import io.vigil.recovery.Healer;
import io.vigil.recovery.RecoveryPolicy;
import io.vigil.recovery.RecoveryStep;
import io.vigil.server.Extensions;
import io.vigil.server.ServerOptions;
import io.vigil.server.VigilServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The recovery section of {@code /health/checks/{name}} and {@code /diagnostics}, over real HTTP:
 * named fields, ISO times, secrets masked, never a Java {@code toString()}.
 */
class RecoveryJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Monitor monitor = Monitor.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private Healer healer;
  private VigilServer server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    if (healer != null) {
      healer.close();
    }
    monitor.stop();
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).doesNotContain("hunter2").doesNotContain("Started[");
    return JSON.readTree(response.body());
  }

  @Test
  @Timeout(30)
  void aQuarantinedLadderShowsNamedFieldsAndMaskedReasons() throws Exception {
    monitor.register(
        CheckSpec.builder("demo")
            .interval(Duration.ofMillis(200))
            .retryInterval(Duration.ofMillis(200))
            .failureThreshold(1)
            .build(),
        ctx -> Result.critical("down"));
    Guards guards =
        new Guards(
            2,
            Duration.ofMinutes(5),
            3,
            Duration.ofMinutes(10),
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            100);
    healer = new Healer(monitor, guards, Ticker.system(), Optional.empty(), () -> 7L, () -> true);
    RecoveryStep reconnect =
        RecoveryStep.of(
                "reconnect",
                ctx -> {
                  throw new IllegalStateException("cannot reach db password=hunter2");
                })
            .repeat(10);
    healer.protect("demo", RecoveryPolicy.of(List.of(reconnect)));
    monitor.start();
    healer.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> healer.quarantined("demo"));
    server =
        VigilServer.start(
            monitor,
            ServerOptions.defaults().withPort(0),
            Extensions.none()
                .withDiagnostics("recovery", healer::views)
                .withCheckSection("recovery", name -> healer.view(name).map(v -> (Object) v)));

    JsonNode recovery = get("/health/checks/demo").get("recovery");
    assertThat(recovery.get("check").asText()).isEqualTo("demo");
    assertThat(recovery.get("phase").asText()).isEqualTo("quarantined");
    assertThat(recovery.get("step").asText()).isEqualTo("reconnect");
    assertThat(recovery.get("step_index").asInt()).isZero();
    assertThat(recovery.get("attempts_on_step").asInt()).isEqualTo(2);
    assertThat(recovery.get("breaker").asText()).isEqualTo("open");
    assertThat(recovery.get("quarantined").asBoolean()).isTrue();
    JsonNode quarantine = recovery.get("quarantine");
    assertThat(quarantine.get("cause").asText()).isEqualTo("breaker_open");
    assertThat(quarantine.get("reason").asText()).startsWith("circuit breaker open for demo");
    assertThat(Instant.parse(quarantine.get("since").asText())).isBeforeOrEqualTo(Instant.now());
    assertThat(recovery.get("restarts_in_window").asInt()).isZero();

    JsonNode started = recovery.get("recent").get(0);
    assertThat(started.get("event").asText()).isEqualTo("started");
    assertThat(started.get("step").asText()).isEqualTo("reconnect");
    assertThat(started.get("attempt").asInt()).isEqualTo(1);
    assertThat(started.get("fencing_token").asLong()).isEqualTo(7L);
    assertThat(Instant.parse(started.get("at").asText())).isBeforeOrEqualTo(Instant.now());
    JsonNode failed = recovery.get("recent").get(1);
    assertThat(failed.get("event").asText()).isEqualTo("failed");
    assertThat(failed.get("reason").asText()).isEqualTo("cannot reach db password=******");
    assertThat(failed.get("took_ms").isIntegralNumber()).isTrue();

    JsonNode diagnostics = get("/diagnostics").get("recovery").get("demo");
    assertThat(diagnostics.get("phase").asText()).isEqualTo("quarantined");
  }
}
