package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.CheckSpec;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import io.vigil.recovery.Guards;
import io.vigil.recovery.Healer;
import io.vigil.recovery.QuarantineCause;
import io.vigil.recovery.RecoveryPolicy;
import io.vigil.recovery.RecoveryState;
import io.vigil.recovery.RecoveryStateStore;
import io.vigil.recovery.RecoveryStep;
import io.vigil.recovery.RecoveryView;
import io.vigil.store.Engine;
import io.vigil.store.Store;
import io.vigil.store.recovery.RecoveryRecord;
import io.vigil.store.recovery.SavedRecovery;
import io.vigil.store.testing.TcpProxy;
import io.vigil.store.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The healer's state in the agent's store (SQLite and PostgreSQL): an agent restarted in the middle
 * of a backoff keeps its budget, backoff and quarantine; a state file is moved in once and renamed;
 * a store that opens late gets the file and the changes made meanwhile; every event is a row.
 */
class StoreRecoveryTest {

  private static final String NODE = "node-1";

  @TempDir Path dir;

  private final FakeTicker ticker =
      new FakeTicker(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  private final ManualMonitor monitor =
      Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
  private final AtomicInteger restarts = new AtomicInteger();
  private volatile Status status = Status.OK;
  private AgentStore store;
  private Healer healer;

  @AfterEach
  void tearDown() {
    stopAgent();
    monitor.stop();
  }

  private Path stateFile() {
    return dir.resolve("recovery-state.json");
  }

  /** The agent's store and healer, as {@code vigil run} wires them (the state file moved in). */
  private StoreRecovery startAgent(TestDatabase db) {
    store = new AgentStore(db.config(), Optional.empty(), s -> List.of(), Optional.empty());
    assertThat(store.tryOpen()).isTrue();
    StoreRecovery recovery = new StoreRecovery(store, NODE, stateFile());
    healer =
        new Healer(
            monitor,
            new Guards(
                5,
                Duration.ofMinutes(5),
                2,
                Duration.ofMinutes(10),
                Duration.ofSeconds(5),
                Duration.ofMinutes(5),
                100),
            ticker,
            recovery,
            () -> 1L,
            () -> true,
            Thread.ofVirtual().factory());
    healer.subscribe(recovery::record);
    healer.protect(
        "svc",
        RecoveryPolicy.of(
            List.of(
                RecoveryStep.of("restart", ctx -> restarts.incrementAndGet())
                    .asRestart()
                    .repeat(10)
                    .verify(Duration.ofSeconds(1)))));
    return recovery;
  }

  private void stopAgent() {
    if (healer != null) {
      healer.close();
      healer = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
  }

  private void registerCheck() {
    monitor.register(
        CheckSpec.builder("svc")
            .interval(Duration.ofSeconds(1))
            .retryInterval(Duration.ofSeconds(1))
            .jitter(Duration.ZERO)
            .failureThreshold(1)
            .build(),
        ctx -> Result.of(status, "svc is " + status));
    monitor.start();
  }

  /** One second: due checks run, the ladder is evaluated, its action (if any) ends. */
  private void second() {
    ticker.advance(Duration.ofSeconds(1));
    monitor.tick();
    healer.tick();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                healer.views().values().stream()
                    .noneMatch(v -> v.phase() == RecoveryView.PhaseName.RUNNING));
    healer.tick();
  }

  private RecoveryView view() {
    return healer.view("svc").orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void anAgentRestartedMidBackoffKeepsItsBudgetBackoffAndQuarantine(Engine engine) {
    try (TestDatabase db = TestDatabase.create(engine, dir)) {
      registerCheck();
      startAgent(db);
      status = Status.CRITICAL;
      while (restarts.get() == 0) {
        second();
      }
      second(); // the verify window (1 s) fails: the next restart waits for the 5 s backoff
      second();
      assertThat(view().phase()).isEqualTo(RecoveryView.PhaseName.WAITING);
      Instant backoffEnds = view().until().orElseThrow();
      stopAgent(); // the agent restarts in the middle of the backoff

      startAgent(db);
      assertThat(view().restartsInWindow()).as("restarts counted from the store").isEqualTo(1);
      while (ticker.wallTime().isBefore(backoffEnds.minusSeconds(1))) {
        second();
        assertThat(restarts).as("no restart before the backoff ends").hasValue(1);
      }
      for (int i = 0; i < 12 && !view().quarantined(); i++) {
        second();
      }
      assertThat(restarts).hasValue(2);
      assertThat(view().quarantine().orElseThrow().cause()).isEqualTo(QuarantineCause.BUDGET_SPENT);
      stopAgent();

      startAgent(db);
      assertThat(view().quarantined()).as("quarantine read from the store").isTrue();
      second();
      second();
      assertThat(restarts).hasValue(2);
      assertThat(Files.exists(stateFile())).as("no state file is written").isFalse();
      try (Store read = Store.open(db.config())) {
        List<String> kinds =
            read.recovery().records("svc", Instant.EPOCH, Instant.MAX).stream()
                .map(RecoveryRecord::kind)
                .toList();
        assertThat(kinds).containsSubsequence("started", "failed", "started", "failed", "gave_up");
        assertThat(read.recovery().load(NODE).checks().get("svc").quarantine()).isPresent();
      }
    }
  }

  private static RecoveryState quarantinedInAFile(Instant restart) {
    return new RecoveryState(
        Map.of("svc", new RecoveryState.Target(List.of(restart), Optional.empty(), false)),
        Map.of(
            "svc",
            new RecoveryState.Check(
                0,
                Optional.of(
                    new RecoveryView.Quarantine(
                        QuarantineCause.BUDGET_SPENT,
                        "restart budget spent: 2 restarts within 10m",
                        restart)))));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aStateFileIsMovedIntoTheStoreOnceAndRenamed(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, dir)) {
      Instant restart = ticker.wallTime().minusSeconds(60);
      RecoveryStateStore.file(stateFile()).save(quarantinedInAFile(restart));
      String content = Files.readString(stateFile());
      registerCheck();
      startAgent(db);
      assertThat(stateFile()).doesNotExist();
      assertThat(dir.resolve("recovery-state.json.migrated")).hasContent(content);
      assertThat(view().quarantined()).isTrue();
      assertThat(view().restartsInWindow()).isEqualTo(1);
      stopAgent();

      try (Store read = Store.open(db.config())) {
        SavedRecovery saved = read.recovery().load(NODE);
        assertThat(saved.targets().get("svc").restarts()).containsExactly(restart);
        assertThat(saved.checks().get("svc").quarantine().orElseThrow().cause())
            .isEqualTo("BUDGET_SPENT");
      }
      startAgent(db); // no file any more: the state comes from the store
      assertThat(view().quarantined()).isTrue();
      assertThat(dir.resolve("recovery-state.json.migrated-2")).doesNotExist();
    }
  }

  @Test
  void aStoreThatOpensLateGetsTheFileFirstThenTheChangesMadeMeanwhile() throws Exception {
    try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL, dir);
        TcpProxy proxy = new TcpProxy(TestDatabase.PG_PORT)) {
      Instant restart = ticker.wallTime().minusSeconds(60);
      RecoveryStateStore.file(stateFile()).save(quarantinedInAFile(restart));
      proxy.stop();
      store =
          new AgentStore(
              db.builder(db.urlOnPort(proxy.port())).connectTimeout(Duration.ofMillis(500)).build(),
              Optional.empty(),
              s -> List.of(),
              Optional.empty());
      assertThat(store.tryOpen()).isFalse();
      StoreRecovery recovery = new StoreRecovery(store, NODE, stateFile());
      assertThat(recovery.load())
          .as("from the file while the store is down")
          .isEqualTo(quarantinedInAFile(restart));
      RecoveryState lifted =
          new RecoveryState(Map.of(), Map.of("svc", new RecoveryState.Check(0, Optional.empty())));
      recovery.save(lifted);
      assertThat(stateFile()).as("kept until the store takes it").exists();

      proxy.start();
      assertThat(store.tryOpen()).isTrue();
      assertThat(stateFile()).doesNotExist();
      assertThat(store.store().orElseThrow().flush(Duration.ofSeconds(10))).isTrue();
      SavedRecovery saved = store.store().orElseThrow().recovery().load(NODE);
      assertThat(saved.checks().get("svc").quarantine()).as("the later lift wins").isEmpty();
      assertThat(saved.targets().get("svc").restarts()).containsExactly(restart);
    }
  }
}
