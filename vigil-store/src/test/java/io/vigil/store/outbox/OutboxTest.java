package io.vigil.store.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.testing.FakeTicker;
import io.vigil.store.Engine;
import io.vigil.store.Store;
import io.vigil.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutboxTest {

  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker();

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aNotificationMovesFromPendingThroughFailedToSentAndSurvivesReopening(Engine engine) {
    Instant deadline = ticker.wallTime().plus(Duration.ofHours(24));
    try (TestDatabase db = TestDatabase.create(engine, dir)) {
      long id;
      try (Store store = Store.open(db.config(), ticker)) {
        Outbox outbox = store.outbox();
        OutboxEntry first = outbox.add("hook", "fp-1", List.of("a", "b"), "{\"x\":1}", deadline);
        OutboxEntry again = outbox.add("hook", "fp-1", List.of("c"), "{\"x\":2}", deadline);
        assertThat(again).isEqualTo(first);
        assertThat(first.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(first.alerts()).containsExactly("a", "b");
        outbox.add("other", "fp-1", List.of("a"), "{}", deadline);
        id = first.id();
        Instant next = ticker.wallTime().plusSeconds(5);
        outbox.retry(id, "HTTP 503", ticker.wallTime(), next);
        OutboxEntry failed = outbox.unsent("hook", 10).getFirst();
        assertThat(failed.status()).isEqualTo(OutboxStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.nextAttemptAt()).isEqualTo(next);
        assertThat(failed.lastError()).contains("HTTP 503");
      }
      try (Store store = Store.open(db.config(), ticker)) {
        Outbox outbox = store.outbox();
        assertThat(outbox.unsent("hook", 10)).extracting(OutboxEntry::id).containsExactly(id);
        outbox.sent(id, ticker.wallTime());
        assertThat(outbox.unsent("hook", 10)).isEmpty();
        OutboxEntry sent = outbox.list(Optional.of(OutboxStatus.SENT), Optional.empty(), 10).get(0);
        assertThat(sent.attempts()).isEqualTo(2);
        assertThat(sent.sentAt()).contains(ticker.wallTime());
        assertThat(sent.lastError()).isEmpty();
        assertThat(outbox.counts())
            .isEqualTo(
                Map.of(
                    "hook", Map.of(OutboxStatus.SENT, 1L),
                    "other", Map.of(OutboxStatus.PENDING, 1L)));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void deadNotificationsAreKeptListedAndPurgedWithSentOnesOnly(Engine engine) {
    Instant deadline = ticker.wallTime().plusSeconds(60);
    try (TestDatabase db = TestDatabase.create(engine, dir);
        Store store = Store.open(db.config(), ticker)) {
      Outbox outbox = store.outbox();
      long dead = outbox.add("hook", "k1", List.of("a"), "{}", deadline).id();
      long sent = outbox.add("hook", "k2", List.of("a"), "{}", deadline).id();
      long waiting = outbox.add("hook", "k3", List.of("a"), "{}", deadline).id();
      outbox.dead(dead, "HTTP 400: bad payload", ticker.wallTime());
      outbox.sent(sent, ticker.wallTime());
      assertThat(outbox.list(Optional.of(OutboxStatus.DEAD), Optional.of("hook"), 10))
          .singleElement()
          .satisfies(e -> assertThat(e.lastError()).contains("HTTP 400: bad payload"));
      assertThat(outbox.list(Optional.empty(), Optional.of("nope"), 10)).isEmpty();
      assertThat(outbox.list(Optional.empty(), Optional.empty(), 10))
          .extracting(OutboxEntry::id)
          .containsExactly(waiting, sent, dead);
      ticker.advance(Duration.ofHours(2));
      assertThat(outbox.purge(ticker.wallTime().minus(Duration.ofHours(1)))).isEqualTo(2);
      assertThat(outbox.list(Optional.empty(), Optional.empty(), 10))
          .extracting(OutboxEntry::id)
          .containsExactly(waiting);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void silencesAreSavedReplacedAndPurged(Engine engine) {
    Instant now = ticker.wallTime();
    try (TestDatabase db = TestDatabase.create(engine, dir)) {
      try (Store store = Store.open(db.config(), ticker)) {
        Silences silences = store.silences();
        silences.save(new SilenceRow("s1", "[]", now, now.plusSeconds(60), "ops", "deploy"));
        silences.save(new SilenceRow("s2", "[]", now, now.plusSeconds(7200), "ops", "x"));
        silences.save(new SilenceRow("s1", "[1]", now, now.plusSeconds(30), "ops", "expired"));
      }
      try (Store store = Store.open(db.config(), ticker)) {
        Silences silences = store.silences();
        assertThat(silences.all())
            .containsExactly(
                new SilenceRow("s1", "[1]", now, now.plusSeconds(30), "ops", "expired"),
                new SilenceRow("s2", "[]", now, now.plusSeconds(7200), "ops", "x"));
        assertThat(silences.purge(now.plusSeconds(3600))).isEqualTo(1);
        assertThat(silences.all()).extracting(SilenceRow::id).containsExactly("s2");
      }
    }
  }
}
