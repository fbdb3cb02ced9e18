package io.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerts.internal.WebhookSink;
import io.vigil.alerts.testing.Collector;
import io.vigil.core.Ticker;
import io.vigil.store.Store;
import io.vigil.store.StoreConfig;
import io.vigil.store.outbox.OutboxEntry;
import io.vigil.store.outbox.OutboxStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery through the outbox to a real local HTTP receiver: retries, dead letters, restarts. */
class DeliveryTest {

  private static final Duration AT_ONCE = Duration.ZERO;
  private static final String SECRET = "hmac-canary-8d1f";

  @TempDir Path dir;
  private Collector collector;
  private Alerts alerts;
  private final List<String> outcomes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void collector() throws Exception {
    collector = Collector.start();
  }

  @AfterEach
  void close() {
    if (alerts != null) {
      alerts.close();
    }
    collector.close();
  }

  private static Route route() {
    return Route.defaults("hook").withTimings(AT_ONCE, AT_ONCE, Duration.ofHours(4));
  }

  private Alerts start(AlertSettings settings, Optional<Store> store) {
    WebhookSettings hook =
        new WebhookSettings(
            "hook",
            collector.url("/hooks/token-canary-51c2"),
            Map.of("X-Team", "ops"),
            Optional.of(SECRET),
            Duration.ofSeconds(2));
    alerts =
        Alerts.builder(settings)
            .sinks(List.of(Sinks.webhook(hook)))
            .outbox(() -> store.map(Store::outbox))
            .observer((sink, outcome, latency) -> outcomes.add(outcome))
            .tick(Duration.ofMillis(50))
            .build();
    alerts.start();
    return alerts;
  }

  private static AlertSettings fastRetries() {
    return AlertSettings.of(List.of(route()))
        .withDelivery(Duration.ofHours(24), Duration.ofMillis(20), Duration.ofMillis(200));
  }

  private static Signal down(String check) {
    return Signal.open(
        AlertKind.DOWN, Map.of("check", check), Severity.CRITICAL, "refused", Instant.now());
  }

  @Test
  void aWebhookAnswering500ThreeTimesGetsItOnceDeliveredWithTheSameKeyAndSignature()
      throws Exception {
    collector.answer(500, 500, 500);
    Alerts a = start(fastRetries(), Optional.empty());
    a.signal(down("db"));
    await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.contains("sent"));
    List<Collector.Request> tries = collector.requests();
    assertThat(tries).hasSize(4);
    assertThat(tries)
        .extracting(r -> r.header("Idempotency-Key"))
        .containsOnly(tries.getFirst().header("Idempotency-Key"));
    assertThat(tries).extracting(Collector.Request::body).containsOnly(tries.getFirst().body());
    Collector.Request last = tries.getLast();
    assertThat(last.header("X-Vigil-Signature"))
        .isEqualTo("sha256=" + WebhookSink.hmac(SECRET, last.body()));
    assertThat(last.header("X-Team")).isEqualTo("ops");
    JsonNode body = new ObjectMapper().readTree(last.body());
    assertThat(body.path("version").asText()).isEqualTo("1");
    assertThat(body.path("status").asText()).isEqualTo("firing");
    assertThat(body.path("alerts").get(0).path("labels").path("check").asText()).isEqualTo("db");
    assertThat(outcomes).containsExactly("retry", "retry", "retry", "sent");
    assertThat(a.notifications(Optional.empty(), Optional.empty(), 10))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(OutboxStatus.SENT);
              assertThat(e.attempts()).isEqualTo(4);
            });
  }

  @Test
  void a4xxIsDeadLetteredAtOnceBut408And429AreRetriedAndOrderIsKept() {
    collector.answer(429, 408, 400);
    Alerts a = start(fastRetries(), Optional.empty());
    a.signal(down("db"));
    await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.contains("dead"));
    assertThat(outcomes).containsExactly("retry", "retry", "dead");
    OutboxEntry dead = a.notifications(Optional.of(OutboxStatus.DEAD), Optional.empty(), 5).get(0);
    assertThat(dead.lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("HTTP 400"));
    assertThat(dead.attempts()).isEqualTo(3);
    a.signal(down("cache")); // the sink is not blocked by the dead one
    await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.contains("sent"));
  }

  @Test
  void anUnreachableSinkIsRetriedWithCappedBackoffUntilTheDeadlineThenDeadLettered() {
    collector.close(); // connection refused from now on
    AlertSettings settings =
        AlertSettings.of(List.of(route()))
            .withDelivery(Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(400));
    Alerts a = start(settings, Optional.empty());
    a.signal(down("db"));
    await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.contains("dead"));
    long retries = outcomes.stream().filter("retry"::equals).count();
    // 2 s of backoff from 50 ms doubling to a cap of 400 ms (times 0.5..1): between 5 and 40 tries
    assertThat(retries).isBetween(4L, 40L);
    OutboxEntry dead = a.notifications(Optional.of(OutboxStatus.DEAD), Optional.empty(), 5).get(0);
    assertThat(dead.lastError().orElseThrow()).startsWith("deadline passed after");
    assertThat(dead.lastError().orElseThrow()).doesNotContain("token-canary-51c2");
    assertThat(a.notificationCounts()).containsEntry("hook", Map.of(OutboxStatus.DEAD, 1L));
  }

  @Test
  void aNotificationWrittenToTheStoreButNotSentIsSentByTheNextProcess() {
    StoreConfig config = StoreConfig.sqlite(dir.resolve("vigil.db"));
    try (Store store = Store.open(config)) {
      Alerts first =
          Alerts.builder(fastRetries())
              .sinks(List.of(Sinks.log("hook")))
              .outbox(() -> Optional.of(store.outbox()))
              .build();
      first.signal(down("db"));
      assertThat(first.evaluate()).hasSize(1); // written; its sink never started: not sent
      first.close();
    }
    try (Store store = Store.open(config, Ticker.system())) {
      assertThat(store.outbox().unsent("hook", 10)).hasSize(1);
      Alerts second = start(fastRetries(), Optional.of(store));
      await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.contains("sent"));
      assertThat(second.alerts()).isEmpty(); // the new process knows no alert, yet it delivered
      assertThat(collector.requests()).singleElement();
      assertThat(store.outbox().unsent("hook", 10)).isEmpty();
    }
  }

  @Test
  void aRetryWaitingInTheStoreKeepsItsBackoffAcrossARestart() {
    StoreConfig config = StoreConfig.sqlite(dir.resolve("vigil.db"));
    collector.answer(503);
    try (Store store = Store.open(config)) {
      AlertSettings slow =
          AlertSettings.of(List.of(route()))
              .withDelivery(Duration.ofHours(24), Duration.ofMinutes(10), Duration.ofMinutes(20));
      Alerts first = start(slow, Optional.of(store));
      first.signal(down("db"));
      await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.contains("retry"));
      first.close();
    }
    try (Store store = Store.open(config, Ticker.system())) {
      OutboxEntry waiting = store.outbox().unsent("hook", 10).getFirst();
      assertThat(waiting.status()).isEqualTo(OutboxStatus.FAILED);
      assertThat(waiting.nextAttemptAt()).isAfter(Instant.now().plus(Duration.ofMinutes(4)));
      assertThat(waiting.lastError()).contains("HTTP 503: status 503");
    }
  }
}
