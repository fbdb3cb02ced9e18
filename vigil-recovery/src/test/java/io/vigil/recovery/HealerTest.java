package io.vigil.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ladder and its guards, driven by a fake clock; actions are counting callbacks. */
class HealerTest {

  @TempDir Path dir;

  private final FakeTicker ticker = new FakeTicker();
  private final ManualMonitor monitor =
      Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
  private final Map<String, Status> status = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final List<RecoveryEvent> events = new CopyOnWriteArrayList<>();
  private Healer healer;

  @AfterEach
  void tearDown() {
    if (healer != null) {
      healer.close();
    }
    monitor.stop();
  }

  private Healer healer(Guards guards, Optional<Path> stateFile) {
    Healer h = new Healer(monitor, guards, ticker, stateFile, () -> 7L, () -> true);
    h.subscribe(events::add);
    return h;
  }

  private static Guards guards() {
    return new Guards(
        5,
        Duration.ofSeconds(300),
        3,
        Duration.ofMinutes(10),
        Duration.ofSeconds(5),
        Duration.ofMinutes(5),
        100);
  }

  /** A check whose status the test sets; failureThreshold 1 so failures are hard at once. */
  private void check(String name, String... dependsOn) {
    status.put(name, Status.OK);
    HealthCheck c = ctx -> Result.of(status.get(name), name + " is " + status.get(name));
    monitor.register(
        CheckSpec.builder(name)
            .interval(Duration.ofSeconds(1))
            .retryInterval(Duration.ofSeconds(1))
            .jitter(Duration.ZERO)
            .failureThreshold(1)
            .dependsOn(dependsOn)
            .build(),
        c);
  }

  private RecoveryStep counting(String name) {
    calls.putIfAbsent(name, new AtomicInteger());
    return RecoveryStep.of(name, ctx -> calls.get(name).incrementAndGet())
        .verify(Duration.ofSeconds(10));
  }

  private RecoveryStep failing(String name) {
    calls.putIfAbsent(name, new AtomicInteger());
    return RecoveryStep.of(
            name,
            ctx -> {
              calls.get(name).incrementAndGet();
              throw new IllegalStateException("could not " + name);
            })
        .verify(Duration.ofSeconds(10));
  }

  private int calls(String name) {
    return calls.getOrDefault(name, new AtomicInteger()).get();
  }

  /** Advances both clocks, lets the monitor run due checks, and evaluates the ladders. */
  private void step(Duration d) {
    ticker.advance(d);
    monitor.tick();
    healer.tick();
  }

  private void settle() {
    // Actions run on their own virtual threads: wait until none is in flight, then evaluate.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                healer.views().values().stream()
                    .noneMatch(v -> v.phase() == RecoveryView.PhaseName.RUNNING));
    healer.tick();
  }

  private <T extends RecoveryEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private void start() {
    monitor.start();
    monitor.tick();
    healer.tick();
  }

  @Test
  void escalatesOnlyWhenTheStepDidNotRestoreHealth() {
    check("api");
    healer = healer(guards(), Optional.empty());
    healer.protect(
        "api",
        RecoveryPolicy.of(List.of(counting("log"), counting("reconnect"), counting("restart"))));
    start();
    status.put("api", Status.CRITICAL);
    step(Duration.ofSeconds(1));
    settle();
    assertThat(calls("log")).isEqualTo(1);
    step(Duration.ofSeconds(5));
    assertThat(calls("reconnect")).isZero();
    step(Duration.ofSeconds(5)); // verify window of 10 s over, still failing
    settle();
    assertThat(calls("reconnect")).isEqualTo(1);
    status.put("api", Status.OK);
    step(Duration.ofSeconds(1));
    step(Duration.ofSeconds(20));
    assertThat(calls("restart")).isZero();
    assertThat(events(RecoveryEvent.Succeeded.class))
        .extracting(RecoveryEvent.Succeeded::step)
        .containsExactly("reconnect");
    assertThat(events(RecoveryEvent.Started.class)).allMatch(e -> e.fencingToken() == 7L);
  }

  @Test
  void aFenceRefusalHoldsTheLadder_andAGrantedTokenReachesTheActionAndItsEvents() {
    check("api");
    healer = healer(guards(), Optional.empty());
    List<Long> tokens = new CopyOnWriteArrayList<>();
    calls.put("restart", new AtomicInteger());
    RecoveryStep restart =
        RecoveryStep.of(
                "restart",
                ctx -> {
                  tokens.add(ctx.fencingToken());
                  calls.get("restart").incrementAndGet();
                })
            .verify(Duration.ofSeconds(10));
    healer.protect("api", RecoveryPolicy.of(List.of(restart)));
    AtomicBoolean leaseHeld = new AtomicBoolean(false);
    List<String> asked = new CopyOnWriteArrayList<>();
    healer.fence(
        (check, target, step, g) -> {
          asked.add(check + "/" + target + "/" + step.name() + "/" + g.restarts());
          return leaseHeld.get()
              ? new ActionFence.Permit.Granted(42L)
              : new ActionFence.Permit.Refused("lease of api held by agent-b");
        });
    start();
    status.put("api", Status.CRITICAL);
    step(Duration.ofSeconds(1));
    step(Duration.ofSeconds(1));

    assertThat(calls("restart")).isZero();
    assertThat(events(RecoveryEvent.Suppressed.class))
        .extracting(RecoveryEvent.Suppressed::reason)
        .containsExactly("fenced: lease of api held by agent-b"); // once, not per evaluation
    assertThat(asked).isNotEmpty().allMatch(a -> a.equals("api/api/restart/3"));

    leaseHeld.set(true);
    step(Duration.ofSeconds(1));
    settle();

    assertThat(calls("restart")).isEqualTo(1);
    assertThat(tokens).containsExactly(42L);
    assertThat(events(RecoveryEvent.Started.class))
        .extracting(RecoveryEvent.Started::fencingToken)
        .containsExactly(42L);
  }

  @Test
  void onlyHardFailuresHeal() {
    status.put("api", Status.OK);
    monitor.register(
        CheckSpec.builder("api")
            .interval(Duration.ofSeconds(1))
            .jitter(Duration.ZERO)
            .failureThreshold(3)
            .build(),
        ctx -> Result.of(status.get("api"), ""));
    healer = healer(guards(), Optional.empty());
    healer.protect("api", RecoveryPolicy.of(List.of(counting("restart"))));
    start();
    status.put("api", Status.CRITICAL);
    step(Duration.ofSeconds(1)); // soft 1
    step(Duration.ofSeconds(1)); // soft 2
    assertThat(calls("restart")).isZero();
    step(Duration.ofSeconds(1)); // hard
    settle();
    assertThat(calls("restart")).isEqualTo(1);
  }

  @Test
  void restartBudgetOfThreeThenOneGaveUpEvent() {
    check("svc");
    healer = healer(guards(), Optional.empty());
    RecoveryStep restart =
        counting("restart").asRestart().repeat(100).verify(Duration.ofSeconds(1));
    healer.protect("svc", RecoveryPolicy.of(List.of(restart)));
    start();
    status.put("svc", Status.CRITICAL);
    for (int i = 0; i < 120; i++) {
      step(Duration.ofSeconds(1));
      settle();
    }
    assertThat(calls("restart")).isEqualTo(3);
    assertThat(events(RecoveryEvent.GaveUp.class)).hasSize(1);
    assertThat(events(RecoveryEvent.GaveUp.class).get(0).reason())
        .startsWith("restart budget spent: 3 restarts within 10m");
    assertThat(healer.quarantined("svc")).isTrue();
    // Exponential backoff: 5 s after the first restart, 10 s after the second.
    List<RecoveryEvent.Started> starts = events(RecoveryEvent.Started.class);
    assertThat(Duration.between(starts.get(0).at(), starts.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    assertThat(Duration.between(starts.get(1).at(), starts.get(2).at()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void breakerOpensAfterFiveFailedRecoveriesThenAllowsOneTrial() {
    check("db");
    healer = healer(guards(), Optional.empty());
    healer.protect("db", RecoveryPolicy.of(List.of(failing("reconnect").repeat(100))));
    start();
    status.put("db", Status.CRITICAL);
    for (int i = 0; i < 30; i++) {
      step(Duration.ofSeconds(1));
      settle();
    }
    assertThat(calls("reconnect")).isEqualTo(5);
    assertThat(events(RecoveryEvent.GaveUp.class))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).startsWith("circuit breaker open for db"));
    assertThat(healer.view("db").orElseThrow().breaker()).isEqualTo(BreakerState.OPEN);
    step(Duration.ofSeconds(300));
    settle();
    assertThat(calls("reconnect")).isEqualTo(6);
    step(Duration.ofSeconds(30));
    settle();
    assertThat(calls("reconnect")).isEqualTo(6);
    assertThat(events(RecoveryEvent.GaveUp.class)).hasSize(1);
  }

  @Test
  void aDownDependencyBlocksItsDependents() {
    check("db");
    for (int i = 0; i < 5; i++) {
      check("app" + i, "db");
    }
    healer = healer(guards(), Optional.empty());
    healer.protect("db", RecoveryPolicy.of(List.of(counting("db-restart"))));
    for (int i = 0; i < 5; i++) {
      healer.protect("app" + i, RecoveryPolicy.of(List.of(counting("app-restart"))));
    }
    start();
    status.replaceAll((k, v) -> Status.CRITICAL);
    for (int i = 0; i < 5; i++) {
      step(Duration.ofSeconds(1));
      settle();
    }
    assertThat(calls("db-restart")).isEqualTo(1);
    assertThat(calls("app-restart")).isZero();
    assertThat(events(RecoveryEvent.Suppressed.class))
        .extracting(RecoveryEvent.Suppressed::reason)
        .contains("blocked by db");
  }

  @Test
  void aTargetTogglingEverySecondGetsAtMostOneAction() {
    status.put("flaky", Status.OK);
    monitor.register(
        CheckSpec.builder("flaky")
            .interval(Duration.ofSeconds(1))
            .retryInterval(Duration.ofSeconds(1))
            .jitter(Duration.ZERO)
            .build(), // the default failureThreshold of 3: a toggling target never turns hard
        ctx -> Result.of(status.get("flaky"), ""));
    healer = healer(guards(), Optional.empty());
    healer.protect(
        "flaky", RecoveryPolicy.of(List.of(counting("restart").verify(Duration.ofSeconds(1)))));
    start();
    for (int i = 0; i < 60; i++) {
      status.put("flaky", i % 2 == 0 ? Status.CRITICAL : Status.OK);
      step(Duration.ofSeconds(1));
      settle();
    }
    assertThat(calls("restart")).isLessThanOrEqualTo(1);
    assertThat(monitor.snapshot().check("flaky").orElseThrow().flapping()).isTrue();
    // Now down for good: hard after 3 failures, but still flapping, so no action yet.
    status.put("flaky", Status.CRITICAL);
    for (int i = 0; i < 4; i++) {
      step(Duration.ofSeconds(1));
      settle();
    }
    assertThat(calls("restart")).isLessThanOrEqualTo(1);
    assertThat(events(RecoveryEvent.Suppressed.class))
        .extracting(RecoveryEvent.Suppressed::reason)
        .contains("flapping");
  }

  @Test
  void globalCapLimitsActionsPerMinute() {
    for (int i = 0; i < 8; i++) {
      check("c" + i);
    }
    healer =
        healer(
            new Guards(
                5,
                Duration.ofSeconds(300),
                3,
                Duration.ofMinutes(10),
                Duration.ofSeconds(5),
                Duration.ofMinutes(5),
                5),
            Optional.empty());
    for (int i = 0; i < 8; i++) {
      healer.protect(
          "c" + i, RecoveryPolicy.of(List.of(counting("fix").verify(Duration.ofMinutes(5)))));
    }
    start();
    status.replaceAll((k, v) -> Status.CRITICAL);
    step(Duration.ofSeconds(1));
    settle();
    assertThat(calls("fix")).isEqualTo(5);
    assertThat(events(RecoveryEvent.Suppressed.class))
        .extracting(RecoveryEvent.Suppressed::reason)
        .contains("global limit of 5 recovery actions per minute");
    step(Duration.ofSeconds(61));
    settle();
    assertThat(calls("fix")).isEqualTo(8);
  }

  @Test
  void sustainedHealthResetsTheLadder() {
    check("api");
    healer = healer(guards(), Optional.empty());
    healer.protect(
        "api",
        RecoveryPolicy.of(List.of(counting("first"), counting("second")))
            .resetAfter(Duration.ofMinutes(1)));
    start();
    status.put("api", Status.CRITICAL);
    step(Duration.ofSeconds(1));
    settle();
    step(Duration.ofSeconds(11));
    settle();
    assertThat(calls("second")).isEqualTo(1);
    status.put("api", Status.OK);
    for (int i = 0; i < 70; i++) {
      step(Duration.ofSeconds(1));
    }
    assertThat(events(RecoveryEvent.Reset.class)).hasSize(1);
    status.put("api", Status.CRITICAL);
    step(Duration.ofSeconds(1));
    settle();
    assertThat(calls("first")).isEqualTo(2);
  }

  @Test
  void budgetAndBackoffSurviveARestartOfTheAgent() {
    Path state = dir.resolve("recovery-state.json");
    check("svc");
    RecoveryStep restart =
        counting("restart").asRestart().repeat(100).verify(Duration.ofSeconds(1));
    healer = healer(guards(), Optional.of(state));
    healer.protect("svc", RecoveryPolicy.of(List.of(restart)));
    start();
    status.put("svc", Status.CRITICAL);
    for (int i = 0; i < 8; i++) {
      step(Duration.ofSeconds(1));
      settle();
    }
    assertThat(calls("restart")).isEqualTo(2); // second one after the 5 s backoff
    healer.close();

    // A new healer (the agent restarted) reads the state file: 2 restarts used, backing off.
    healer = healer(guards(), Optional.of(state));
    healer.protect("svc", RecoveryPolicy.of(List.of(restart)));
    for (int i = 0; i < 120; i++) {
      step(Duration.ofSeconds(1));
      settle();
    }
    assertThat(calls("restart")).isEqualTo(3);
    assertThat(events(RecoveryEvent.GaveUp.class)).hasSize(1);
  }

  /** A state store that records what the healer hands it. */
  private static final class Recording implements RecoveryStateStore {
    final List<RecoveryState> saves = new CopyOnWriteArrayList<>();
    final RecoveryState initial;

    Recording(RecoveryState initial) {
      this.initial = initial;
    }

    @Override
    public RecoveryState load() {
      return initial;
    }

    @Override
    public void save(RecoveryState changed) {
      saves.add(changed);
    }
  }

  @Test
  void anyStateStoreIsReadOnceAndGetsOnlyTheEntriesThatChanged() {
    check("svc");
    check("other");
    Recording state =
        new Recording(
            new RecoveryState(
                Map.of(
                    "svc",
                    new RecoveryState.Target(
                        List.of(ticker.wallTime()), java.util.Optional.empty(), false)),
                Map.of()));
    RecoveryStep restart = counting("restart").asRestart().repeat(10).verify(Duration.ofSeconds(1));
    healer =
        new Healer(monitor, guards(), ticker, state, () -> 7L, () -> true, new ActionThreads());
    healer.protect("svc", RecoveryPolicy.of(List.of(restart)));
    healer.protect("other", RecoveryPolicy.of(List.of(counting("noop"))));
    start();
    assertThat(healer.view("svc").orElseThrow().restartsInWindow()).isEqualTo(1);
    status.put("svc", Status.CRITICAL);
    step(Duration.ofSeconds(5)); // past the backoff of the loaded restart
    settle();
    assertThat(calls("restart")).isEqualTo(1);
    assertThat(state.saves).isNotEmpty();
    assertThat(state.saves).allSatisfy(s -> assertThat(s.checks()).doesNotContainKey("other"));
    RecoveryState.Target saved =
        state.saves.stream()
            .filter(s -> s.targets().containsKey("svc"))
            .reduce((a, b) -> b)
            .orElseThrow()
            .targets()
            .get("svc");
    assertThat(saved.restarts()).hasSize(2);
    assertThat(saved.nextRestartAt()).isPresent();
    int saves = state.saves.size();
    healer.tick();
    healer.tick();
    assertThat(state.saves).as("nothing changed, nothing saved").hasSize(saves);
  }

  @Test
  void aTickReadsTheWatchedChecksNotAWholeSnapshot() {
    check("api");
    for (int i = 0; i < 500; i++) {
      check("other-" + i);
    }
    AtomicInteger snapshots = new AtomicInteger();
    Monitor counting = io.vigil.core.testing.SnapshotCounter.counting(monitor, snapshots);
    healer = new Healer(counting, guards(), ticker, Optional.empty(), () -> 7L, () -> true);
    healer.protect("api", RecoveryPolicy.of(List.of(counting("log"))));
    start();
    status.put("api", Status.CRITICAL);
    step(Duration.ofSeconds(1));
    settle();
    assertThat(calls("log")).isEqualTo(1);
    for (int i = 0; i < 20; i++) {
      step(Duration.ofMillis(100));
    }
    // 10 ticks a second over 10,000 checks must not build 10 snapshots a second
    assertThat(snapshots.get()).isZero();
  }
}
