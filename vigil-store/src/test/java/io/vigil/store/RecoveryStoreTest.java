package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.testing.FakeTicker;
import io.vigil.store.recovery.RecoveryRecord;
import io.vigil.store.recovery.RecoveryStore;
import io.vigil.store.recovery.SavedRecovery;
import io.vigil.store.testing.Rows;
import io.vigil.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The healer's state and events in the store, on both engines. */
class RecoveryStoreTest {

  @TempDir Path dir;
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private final FakeTicker ticker = new FakeTicker(T0);

  private static SavedRecovery budgetSpent(int restarts) {
    List<Instant> times =
        java.util.stream.IntStream.range(0, restarts).mapToObj(i -> T0.plusSeconds(i)).toList();
    return new SavedRecovery(
        Map.of("web", new SavedRecovery.Target(times, Optional.of(T0.plusSeconds(60)), true)),
        Map.of(
            "web",
            new SavedRecovery.Check(
                2,
                Optional.of(
                    new SavedRecovery.Quarantine(
                        "BUDGET_SPENT", "restart budget spent: 3 restarts within 10m", T0)))));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void savedStateIsWrittenAtOnceKeptPerNodeAndReadAfterAReopen(Engine engine) {
    try (TestDatabase db = TestDatabase.create(engine, dir)) {
      try (Store store = Store.open(db.config(), ticker)) {
        RecoveryStore recovery = store.recovery();
        assertThat(recovery.load("n1").isEmpty()).isTrue();
        recovery.save("n1", budgetSpent(1));
        recovery.save("n1", budgetSpent(3)); // the latest wins
        recovery.save(
            "n2",
            new SavedRecovery(
                Map.of("web", new SavedRecovery.Target(List.of(), Optional.empty(), false)),
                Map.of()));
        // Written by the writer at once, not at the next flush interval.
        await()
            .atMost(Duration.ofMillis(900))
            .until(() -> Rows.count(db, "SELECT count(*) FROM recovery_targets") == 2);
        assertThat(recovery.load("n1")).isEqualTo(budgetSpent(3));
      }
      try (Store again = Store.open(db.config(), ticker)) {
        assertThat(again.recovery().load("n1")).isEqualTo(budgetSpent(3));
        SavedRecovery n2 = again.recovery().load("n2");
        assertThat(n2.checks()).isEmpty();
        assertThat(n2.targets().get("web").restarts()).isEmpty();
        assertThat(n2.targets().get("web").nextRestartAt()).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void saveNowWritesInOneTransactionAndReplacesEntriesOfTheSameName(Engine engine) {
    try (TestDatabase db = TestDatabase.create(engine, dir);
        Store store = Store.open(db.config(), ticker)) {
      store.recovery().saveNow("n1", budgetSpent(3));
      SavedRecovery lifted =
          new SavedRecovery(Map.of(), Map.of("web", new SavedRecovery.Check(0, Optional.empty())));
      store.recovery().saveNow("n1", lifted);
      SavedRecovery now = store.recovery().load("n1");
      assertThat(now.checks().get("web")).isEqualTo(new SavedRecovery.Check(0, Optional.empty()));
      assertThat(now.targets()).isEqualTo(budgetSpent(3).targets());
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void everyRecoveryEventIsARowReadByCheckAndDeletedWithTheTransitions(Engine engine) {
    try (TestDatabase db = TestDatabase.create(engine, dir);
        Store store =
            Store.open(db.builder().flushInterval(Duration.ofMillis(20)).build(), ticker)) {
      RecoveryStore recovery = store.recovery();
      RecoveryRecord started =
          new RecoveryRecord(
              "n1",
              "web",
              T0,
              "started",
              Optional.of("restart"),
              1,
              OptionalLong.of(7),
              Optional.empty(),
              "");
      RecoveryRecord failed =
          new RecoveryRecord(
              "n1",
              "web",
              T0.plusSeconds(30),
              "failed",
              Optional.of("restart"),
              1,
              OptionalLong.empty(),
              Optional.of(Duration.ofSeconds(30)),
              "still failing when the verify window ended");
      recovery.record(started);
      recovery.record(failed);
      recovery.record(
          new RecoveryRecord(
              "n1",
              "other",
              T0,
              "gave_up",
              Optional.empty(),
              0,
              OptionalLong.empty(),
              Optional.empty(),
              "x"));
      assertThat(store.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(recovery.records("web", T0, T0.plusSeconds(60))).containsExactly(started, failed);
      assertThat(recovery.records("web", T0.plusSeconds(1), T0.plusSeconds(60)))
          .containsExactly(failed);

      ticker.jumpWall(Retention.defaults().transitions().plusSeconds(10));
      assertThat(store.maintain().recoveryEventsDeleted()).isEqualTo(2);
      assertThat(recovery.records("web", Instant.MIN, Instant.MAX)).containsExactly(failed);
    }
  }
}
