package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerts.testing.AlertmanagerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Alertmanager down while 50 alerts fire, and the agent {@code kill -9}'d in that time, its
 * notifications written to the outbox but not sent: after both come back, Alertmanager holds all 50
 * alerts, each once, with the start the killed agent gave them (so they came from its outbox, not
 * only from the restarted agent finding the failures again). Alertmanager stays down from before
 * the agent starts until its successor runs, and at least {@code -Dvigil.alerts.outage=SECONDS} (20
 * by default; the 2 minutes: 120).
 */
class AlertmanagerOutageTest {

  static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("vigil.alerts.outage", 20));

  private static final int ALERTS = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private AgentProcess agent;

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.process.destroyForcibly();
    }
  }

  @Test
  @Timeout(600)
  void allFiftyAlertsReachAlertmanagerOnceAfterItsOutageAndAKill9() throws Exception {
    try (AlertmanagerProcess am =
        AlertmanagerProcess.start(Files.createDirectory(dir.resolve("am")))) {
      am.stop();
      Instant outageStart = Instant.now();
      Path config = dir.resolve("vigil.yaml");
      Files.writeString(config, config(am));
      agent = AgentProcess.start(dir, "run", "--config", config.toString());
      await().atMost(Duration.ofSeconds(60)).until(() -> agent.port().isPresent());
      Map<String, String> startsAt =
          await().atMost(Duration.ofSeconds(60)).until(this::firing, m -> m.size() == ALERTS);
      await("every alert in a failed notification")
          .atMost(Duration.ofSeconds(60))
          .until(() -> failedFingerprints() >= ALERTS);

      agent.process.destroyForcibly(); // kill -9 while Alertmanager is still down
      assertThat(agent.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      agent = AgentProcess.start(dir, "run", "--config", config.toString());
      await().atMost(Duration.ofSeconds(60)).until(() -> agent.port().isPresent());

      Duration left = OUTAGE.minus(Duration.between(outageStart, Instant.now()));
      if (left.isPositive()) {
        await().pollDelay(left).atMost(left.plusSeconds(5)).until(() -> true);
      }
      am.start();
      System.out.printf(
          "event=outage_over alertmanager_down_s=%d%n",
          Duration.between(outageStart, Instant.now()).toSeconds());

      await("Alertmanager holds all %d alerts".formatted(ALERTS))
          .atMost(Duration.ofSeconds(60))
          .until(() -> held(am).size() == ALERTS);
      Map<String, Integer> copies = new TreeMap<>();
      Map<String, String> heldStarts = new TreeMap<>();
      for (JsonNode a : am.alerts()) {
        String check = a.path("labels").path("check").asText();
        copies.merge(check, 1, Integer::sum);
        heldStarts.put(check, millis(a.path("startsAt").asText()));
      }
      assertThat(copies).hasSize(ALERTS).allSatisfy((check, n) -> assertThat(n).isOne());
      assertThat(heldStarts).isEqualTo(new TreeMap<>(startsAt));
      assertThat(agent.get("/api/notifications?status=dead").body())
          .isEqualTo("{\"notifications\":[]}");
    }
  }

  private static String config(AlertmanagerProcess am) {
    StringBuilder yaml =
        new StringBuilder(
            """
            server: { port: 0 }
            defaults: { interval: 1s, timeout: 1s, jitter: 0s, failureThreshold: 1 }
            alerts:
              groupWait: 1s
              groupInterval: 1s
              retryInitial: 1s
              retryMax: 3s
              sinks:
                - { name: am, type: alertmanager, url: "%s" }
            checks:
            """
                .formatted(am.url()));
    for (int i = 0; i < ALERTS; i++) {
      yaml.append(
          "  - { name: c%02d, type: fixed, status: critical, component: outage }\n".formatted(i));
    }
    return yaml.toString();
  }

  /** Firing alerts' start by check. */
  private Map<String, String> firing() throws Exception {
    JsonNode alerts = JSON.readTree(agent.get("/api/alerts?state=firing").body()).path("alerts");
    Map<String, String> out = new LinkedHashMap<>();
    alerts.forEach(
        a -> out.put(a.path("labels").path("check").asText(), millis(a.path("startsAt").asText())));
    return out;
  }

  /** Alertmanager keeps milliseconds. */
  private static String millis(String instant) {
    return Instant.parse(instant).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
  }

  private long failedFingerprints() throws Exception {
    JsonNode n =
        JSON.readTree(agent.get("/api/notifications?status=failed").body()).path("notifications");
    Set<String> fingerprints = new HashSet<>();
    n.forEach(e -> e.path("alerts").forEach(f -> fingerprints.add(f.asText())));
    return fingerprints.size();
  }

  private static Set<String> held(AlertmanagerProcess am) throws Exception {
    Set<String> checks = new HashSet<>();
    am.alerts().forEach(a -> checks.add(a.path("labels").path("check").asText()));
    return checks;
  }
}
