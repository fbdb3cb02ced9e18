package io.vigil.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.CheckSpec;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every transition of a ladder's phase, driven by a fake clock. Actions run on threads the test
 * makes and joins, so nothing waits on real time.
 */
class LadderPhasesTest {

  @TempDir Path dir;

  private final FakeTicker ticker = new FakeTicker();
  private final ManualMonitor monitor =
      Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
  private final ActionThreads actions = new ActionThreads();
  private final List<RecoveryEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Status status = Status.OK;
  private Healer healer;

  @AfterEach
  void tearDown() {
    if (healer != null) {
      healer.close();
    }
    monitor.stop();
  }

  private static Guards guards(int breakerFailures, int restarts, int perMinute) {
    return new Guards(
        breakerFailures,
        Duration.ofSeconds(300),
        restarts,
        Duration.ofMinutes(10),
        Duration.ofSeconds(5),
        Duration.ofMinutes(5),
        perMinute);
  }

  private void start(Guards guards, Optional<Path> state, RecoveryStep... steps) {
    register("api");
    healer = new Healer(monitor, guards, ticker, state, () -> 1L, () -> true, actions);
    healer.subscribe(events::add);
    healer.protect("api", RecoveryPolicy.of(List.of(steps)).resetAfter(Duration.ofMinutes(1)));
    monitor.start();
    monitor.tick();
    healer.tick();
  }

  private void register(String name) {
    monitor.register(
        CheckSpec.builder(name)
            .interval(Duration.ofSeconds(1))
            .retryInterval(Duration.ofSeconds(1))
            .jitter(Duration.ZERO)
            .failureThreshold(1)
            .build(),
        ctx -> Result.of(status, name + " is " + status));
  }

  private RecoveryStep ok(String name) {
    return RecoveryStep.of(name, ctx -> calls.incrementAndGet()).verify(Duration.ofSeconds(10));
  }

  private RecoveryStep throwing(String name) {
    return RecoveryStep.of(
            name,
            ctx -> {
              calls.incrementAndGet();
              throw new IllegalStateException("could not " + name);
            })
        .verify(Duration.ofSeconds(10));
  }

  private static RecoveryStep blocking(String name, CountDownLatch release) {
    return RecoveryStep.of(name, ctx -> release.await()).verify(Duration.ofSeconds(10));
  }

  /** Advances the clock, runs due checks, waits for the actions started, evaluates. */
  private void step(Duration d) throws InterruptedException {
    ticker.advance(d);
    monitor.tick();
    healer.tick();
    settle();
  }

  private void settle() throws InterruptedException {
    actions.join();
    healer.tick();
  }

  private RecoveryView view() {
    return healer.view("api").orElseThrow();
  }

  private <T extends RecoveryEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void idleRunningVerifyingIdleOnSuccessWithTheRealDuration() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    start(guards(5, 3, 100), Optional.empty(), blocking("reconnect", release));
    assertThat(view().phase()).isEqualTo(RecoveryView.PhaseName.IDLE);
    status = Status.CRITICAL;
    ticker.advance(Duration.ofSeconds(1));
    monitor.tick();
    healer.tick();
    assertThat(view().phase()).isEqualTo(RecoveryView.PhaseName.RUNNING);
    Instant started = ticker.wallTime();
    ticker.advance(Duration.ofSeconds(2)); // the action takes 2 s
    release.countDown();
    settle();
    assertThat(view().phase()).isEqualTo(RecoveryView.PhaseName.VERIFYING);
    assertThat(view().until()).contains(started.plusSeconds(12));
    status = Status.OK;
    step(Duration.ofSeconds(10));
    assertThat(view().phase()).isEqualTo(RecoveryView.PhaseName.IDLE);
    assertThat(events(RecoveryEvent.Succeeded.class))
        .singleElement()
        .satisfies(e -> assertThat(e.took()).isEqualTo(Duration.ofSeconds(12)));
    assertThat(view().breaker()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void aThrowingActionFailsAtOnceAndTheLadderEscalates() throws Exception {
    start(guards(5, 3, 100), Optional.empty(), throwing("reconnect"), ok("restart"));
    status = Status.CRITICAL;
    ticker.advance(Duration.ofSeconds(1));
    monitor.tick();
    healer.tick(); // starts reconnect, which throws
    settle(); // failed; the next evaluation starts restart
    assertThat(events(RecoveryEvent.Failed.class))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("could not reconnect"));
    assertThat(events(RecoveryEvent.Started.class))
        .extracting(RecoveryEvent.Started::step)
        .containsExactly("reconnect", "restart");
    assertThat(view().stepIndex()).isEqualTo(1);
  }

  @Test
  void anActionPastItsTimeoutIsInterruptedAndFails() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    RecoveryStep hanging =
        new RecoveryStep(
            "hang",
            ctx -> never.await(),
            Duration.ofSeconds(10),
            1,
            false,
            false,
            Duration.ofSeconds(5));
    start(guards(5, 3, 100), Optional.empty(), hanging, ok("restart"));
    status = Status.CRITICAL;
    ticker.advance(Duration.ofSeconds(1));
    monitor.tick();
    healer.tick();
    ticker.advance(Duration.ofSeconds(5));
    healer.tick(); // the timeout: interrupted, failed, escalated
    settle();
    assertThat(events(RecoveryEvent.Failed.class))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("the action timed out after 5s"));
    assertThat(view().step()).isEqualTo("restart");
  }

  @Test
  void stillFailingAtTheEndOfTheVerifyWindowFailsTheStep() throws Exception {
    start(guards(5, 3, 100), Optional.empty(), ok("reconnect"), ok("restart"));
    status = Status.CRITICAL;
    step(Duration.ofSeconds(1));
    assertThat(view().phase()).isEqualTo(RecoveryView.PhaseName.VERIFYING);
    for (int i = 0; i < 10; i++) {
      step(Duration.ofSeconds(1));
    }
    assertThat(events(RecoveryEvent.Failed.class))
        .first()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo("still CRITICAL after 10s");
              assertThat(e.took()).isEqualTo(Duration.ofSeconds(10));
            });
    assertThat(view().step()).isEqualTo("restart");
  }

  @Test
  void aRestartWithinItsBackoffWaits() throws Exception {
    RecoveryStep restart = ok("restart").asRestart().repeat(5).verify(Duration.ofSeconds(1));
    start(guards(5, 3, 100), Optional.empty(), restart);
    status = Status.CRITICAL;
    step(Duration.ofSeconds(1));
    Instant first = ticker.wallTime();
    step(Duration.ofSeconds(1));
    step(Duration.ofSeconds(1));
    assertThat(view().phase()).isEqualTo(RecoveryView.PhaseName.WAITING);
    assertThat(view().until()).contains(first.plusSeconds(5));
    assertThat(view().suppressed()).contains("backing off until " + first.plusSeconds(5));
    assertThat(view().restartsInWindow()).isEqualTo(1);
  }

  @Test
  void theGlobalCapMakesTheSecondCheckWait() throws Exception {
    register("other");
    start(guards(5, 3, 1), Optional.empty(), ok("fix"));
    healer.protect("other", RecoveryPolicy.of(List.of(ok("fix"))));
    status = Status.CRITICAL;
    step(Duration.ofSeconds(1));
    RecoveryView other = healer.view("other").orElseThrow();
    assertThat(other.phase()).isEqualTo(RecoveryView.PhaseName.WAITING);
    assertThat(other.suppressed()).contains("global limit of 1 recovery actions per minute");
  }

  @Test
  void aSpentBudgetQuarantines() throws Exception {
    RecoveryStep restart = ok("restart").asRestart().repeat(5).verify(Duration.ofSeconds(1));
    start(guards(5, 1, 100), Optional.empty(), restart);
    status = Status.CRITICAL;
    for (int i = 0; i < 4; i++) {
      step(Duration.ofSeconds(1));
    }
    assertThat(view().phase()).isEqualTo(RecoveryView.PhaseName.QUARANTINED);
    assertThat(view().quarantine().orElseThrow().cause()).isEqualTo(QuarantineCause.BUDGET_SPENT);
    assertThat(calls).hasValue(1);
  }

  @Test
  void anExhaustedLadderQuarantinesAndSustainedHealthLiftsIt() throws Exception {
    start(guards(5, 3, 100), Optional.empty(), throwing("reconnect"));
    status = Status.CRITICAL;
    step(Duration.ofSeconds(1));
    assertThat(view().phase()).isEqualTo(RecoveryView.PhaseName.QUARANTINED);
    RecoveryView.Quarantine quarantine = view().quarantine().orElseThrow();
    assertThat(quarantine.cause()).isEqualTo(QuarantineCause.LADDER_EXHAUSTED);
    assertThat(quarantine.since()).isEqualTo(ticker.wallTime());
    status = Status.OK;
    step(Duration.ofSeconds(1));
    step(Duration.ofSeconds(59));
    assertThat(view().phase()).isEqualTo(RecoveryView.PhaseName.QUARANTINED);
    step(Duration.ofSeconds(1));
    assertThat(view().phase()).isEqualTo(RecoveryView.PhaseName.IDLE);
    assertThat(view().quarantined()).isFalse();
    assertThat(events(RecoveryEvent.Reset.class)).hasSize(1);
  }

  @Test
  void anOpenBreakerQuarantinesThenAllowsOneHalfOpenTrial() throws Exception {
    start(guards(2, 3, 100), Optional.empty(), throwing("reconnect").repeat(10));
    status = Status.CRITICAL;
    for (int i = 0; i < 5; i++) {
      step(Duration.ofSeconds(1));
    }
    assertThat(calls).hasValue(2);
    assertThat(view().quarantine().orElseThrow().cause()).isEqualTo(QuarantineCause.BREAKER_OPEN);
    assertThat(view().breaker()).isEqualTo(BreakerState.OPEN);
    step(Duration.ofSeconds(300)); // the trial runs, fails, and the breaker opens again
    assertThat(calls).hasValue(3);
    assertThat(view().phase()).isEqualTo(RecoveryView.PhaseName.QUARANTINED);
    assertThat(view().breaker()).isEqualTo(BreakerState.OPEN);
    assertThat(events(RecoveryEvent.GaveUp.class)).hasSize(1);
  }

  @Test
  void aSuccessfulTrialClosesTheBreakerAndTheQuarantineLiftsAfterSustainedHealth()
      throws Exception {
    AtomicInteger attempt = new AtomicInteger();
    RecoveryStep flaky =
        RecoveryStep.of(
                "reconnect",
                ctx -> {
                  if (attempt.incrementAndGet() <= 2) {
                    throw new IllegalStateException("refused");
                  }
                  status = Status.OK;
                })
            .repeat(10)
            .verify(Duration.ofSeconds(10));
    start(guards(2, 3, 100), Optional.empty(), flaky);
    status = Status.CRITICAL;
    for (int i = 0; i < 5; i++) {
      step(Duration.ofSeconds(1));
    }
    assertThat(view().breaker()).isEqualTo(BreakerState.OPEN);
    step(Duration.ofSeconds(300));
    assertThat(view().phase()).isEqualTo(RecoveryView.PhaseName.VERIFYING);
    assertThat(view().breaker()).isEqualTo(BreakerState.HALF_OPEN);
    step(Duration.ofSeconds(10));
    assertThat(events(RecoveryEvent.Succeeded.class)).hasSize(1);
    assertThat(view().breaker()).isEqualTo(BreakerState.CLOSED);
    assertThat(view().quarantined()).isTrue(); // until sustained health
    step(Duration.ofSeconds(60));
    assertThat(view().quarantined()).isFalse();
  }

  @Test
  void aQuarantineSavedByTheOlderFormatKeepsItsCauseAndBreaker() throws Exception {
    Path state = dir.resolve("recovery-state.json");
    Files.writeString(
        state,
        """
        {"targets":{"api":{"restarts":[],"nextRestartAt":0,"breakerOpen":true}},
         "checks":{"api":{"step":0,"quarantined":true,
           "reason":"circuit breaker open for api after 5 failed recoveries"}}}
        """);
    start(guards(5, 3, 100), Optional.of(state), ok("reconnect"));
    assertThat(view().quarantine().orElseThrow().cause()).isEqualTo(QuarantineCause.BREAKER_OPEN);
    assertThat(view().breaker()).isEqualTo(BreakerState.OPEN);
    status = Status.CRITICAL;
    step(Duration.ofSeconds(1));
    assertThat(calls).hasValue(0);
    step(Duration.ofSeconds(300));
    assertThat(calls).hasValue(1); // the half-open trial
    assertThat(Files.readString(state)).contains("\"cause\":\"BREAKER_OPEN\"");
  }
}
