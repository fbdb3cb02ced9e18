package io.vigil.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.CheckSpec;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's self-healing items on a fake clock: exit evidence beats flap suppression, a verified
 * recovery clears its own flap history, a verify window is judged on the check's thresholds,
 * suppressions are said once each way, quarantines are lifted by an operator, and the critical
 * failure handler waits until healing gave up.
 */
class HealingWhenItMattersTest {

  @TempDir Path dir;

  private final FakeTicker ticker = new FakeTicker();
  private final ManualMonitor monitor =
      Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
  private final ActionThreads actions = new ActionThreads();
  private final List<RecoveryEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger restarts = new AtomicInteger();
  private final AtomicInteger fired = new AtomicInteger();
  private volatile Status status = Status.OK;
  private Healer healer;

  @AfterEach
  void tearDown() {
    if (healer != null) {
      healer.close();
    }
    monitor.stop();
  }

  private static Guards guards(int restarts) {
    return new Guards(
        5,
        Duration.ofSeconds(300),
        restarts,
        Duration.ofMinutes(10),
        Duration.ZERO,
        Duration.ofMinutes(5),
        100);
  }

  private void register(String name, boolean critical, int failureThreshold) {
    monitor.register(
        CheckSpec.builder(name)
            .interval(Duration.ofSeconds(1))
            .retryInterval(Duration.ofSeconds(1))
            .timeout(Duration.ofSeconds(1))
            .jitter(Duration.ZERO)
            .critical(critical)
            .failureThreshold(failureThreshold)
            .build(),
        ctx -> Result.of(status, name + " is " + status));
  }

  private RecoveryStep restart(Duration verify) {
    return RecoveryStep.of("restart", ctx -> restarts.incrementAndGet()).asRestart().verify(verify);
  }

  private void start(Guards guards, RecoveryStep... steps) {
    healer = new Healer(monitor, guards, ticker, Optional.empty(), () -> 1L, () -> true, actions);
    healer.subscribe(events::add);
    if (steps.length > 0) {
      healer.protect("api", RecoveryPolicy.of(List.of(steps)));
    }
    monitor.start();
    monitor.tick();
    healer.tick();
  }

  private void step(Duration d) throws InterruptedException {
    ticker.advance(d);
    monitor.tick();
    healer.tick();
    actions.join();
    healer.tick();
  }

  /** Alternates the check's status every second until the monitor says it flaps. */
  private void flap() throws InterruptedException {
    for (int i = 0; i < 40 && !flapping(); i++) {
      status = status == Status.OK ? Status.CRITICAL : Status.OK;
      step(Duration.ofSeconds(1));
    }
    assertThat(flapping()).as("flapping").isTrue();
  }

  private boolean flapping() {
    return monitor.snapshot().check("api").orElseThrow().flapping();
  }

  private <T extends RecoveryEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private void protect(RecoveryStep... steps) {
    healer.protect("api", RecoveryPolicy.of(List.of(steps)));
  }

  @Test
  void anExitedProgramIsRestartedAtOnceEvenWhileItsCheckFlaps() throws Exception {
    register("api", false, 1);
    start(guards(10));
    flap();
    protect(restart(Duration.ofSeconds(5)));
    status = Status.CRITICAL;
    step(Duration.ofSeconds(1));
    assertThat(events(RecoveryEvent.Suppressed.class))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("flapping"));
    status = Status.OK;
    step(Duration.ofSeconds(1));
    assertThat(restarts).hasValue(0);
    int before = restarts.get();

    assertThat(healer.exited("api", "program api exited (exit code 137)")).isTrue();
    healer.tick(); // no check run, no time passed: the exit alone is the evidence
    actions.join();
    assertThat(restarts).hasValue(before + 1);
    assertThat(events(RecoveryEvent.Started.class))
        .last()
        .extracting(e -> e.step())
        .isEqualTo("restart");
    assertThat(healer.exited("other", "x")).isFalse();
  }

  @Test
  void anExitSkipsStraightToTheRestartStep() throws Exception {
    register("api", false, 1);
    AtomicInteger logs = new AtomicInteger();
    start(
        guards(10),
        RecoveryStep.of("log", ctx -> logs.incrementAndGet()).verify(Duration.ZERO),
        restart(Duration.ofSeconds(5)));
    healer.exited("api", "program api exited (exit code 1)");
    step(Duration.ZERO);
    assertThat(restarts).hasValue(1);
    assertThat(logs).hasValue(0);
  }

  @Test
  void aVerifiedRecoveryClearsItsOwnFlapHistory() throws Exception {
    register("api", false, 1);
    start(guards(10), restart(Duration.ofSeconds(3)).repeat(10));
    for (int cycle = 0; cycle < 6; cycle++) {
      status = Status.CRITICAL;
      step(Duration.ofSeconds(1)); // hard down: restart
      status = Status.OK;
      step(Duration.ofSeconds(1));
      step(Duration.ofSeconds(1));
      step(Duration.ofSeconds(1)); // window over: verified
    }
    assertThat(events(RecoveryEvent.Succeeded.class)).hasSize(6);
    assertThat(events(RecoveryEvent.Suppressed.class)).isEmpty();
    assertThat(restarts).hasValue(6);
    assertThat(monitor.snapshot().check("api").orElseThrow().flapPercent()).isZero();
  }

  @Test
  void oneSlowRunAtTheEndOfTheWindowDoesNotFailARestartThatWorked() throws Exception {
    register("api", false, 2); // one failure is soft; two in a row are hard
    start(guards(10), restart(Duration.ofSeconds(5)));
    status = Status.CRITICAL;
    step(Duration.ofSeconds(1));
    step(Duration.ofSeconds(1)); // hard: restart, verify window of 5 s
    assertThat(restarts).hasValue(1);
    status = Status.OK;
    for (int i = 0; i < 4; i++) {
      step(Duration.ofSeconds(1));
    }
    status = Status.CRITICAL; // one slow run under load at the window's end
    step(Duration.ofSeconds(1));
    assertThat(events(RecoveryEvent.Failed.class)).isEmpty();
    assertThat(events(RecoveryEvent.Succeeded.class)).hasSize(1);
  }

  @Test
  void aCheckHardDownAgainAtTheEndOfTheWindowFailsTheStep() throws Exception {
    register("api", false, 2);
    start(guards(10), restart(Duration.ofSeconds(5)));
    status = Status.CRITICAL;
    step(Duration.ofSeconds(1));
    step(Duration.ofSeconds(1));
    status = Status.OK;
    step(Duration.ofSeconds(1));
    status = Status.CRITICAL; // a crash loop that looked fine for a moment
    for (int i = 0; i < 4; i++) {
      step(Duration.ofSeconds(1));
    }
    assertThat(events(RecoveryEvent.Succeeded.class)).isEmpty();
    assertThat(events(RecoveryEvent.Failed.class))
        .first()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("still CRITICAL after 5s"));
  }

  @Test
  void flappingSuppressionIsSaidOnceWhenItStartsAndOnceWhenItEnds() throws Exception {
    register("api", false, 1);
    start(guards(10));
    flap();
    protect(restart(Duration.ofSeconds(5)));
    for (int i = 0; i < 30; i++) { // still flapping, OK half of the time
      status = status == Status.OK ? Status.CRITICAL : Status.OK;
      step(Duration.ofSeconds(1));
    }
    assertThat(events(RecoveryEvent.Suppressed.class))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("flapping"));
    assertThat(events(RecoveryEvent.SuppressionEnded.class)).isEmpty();
    status = Status.OK;
    for (int i = 0; i < 30 && flapping(); i++) {
      step(Duration.ofSeconds(1));
    }
    assertThat(flapping()).isFalse();
    assertThat(events(RecoveryEvent.SuppressionEnded.class))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("flapping"));
    assertThat(events(RecoveryEvent.Suppressed.class)).hasSize(1);
  }

  @Test
  void anOperatorLiftsAQuarantineAndTheBudgetStartsOver() throws Exception {
    register("api", false, 1);
    start(guards(1), restart(Duration.ofSeconds(2)).repeat(5));
    status = Status.CRITICAL;
    for (int i = 0; i < 4; i++) {
      step(Duration.ofSeconds(1));
    }
    assertThat(healer.quarantined("api")).isTrue();
    assertThat(restarts).hasValue(1);
    assertThat(healer.lift("nope", "token@127.0.0.1").outcome())
        .isEqualTo(QuarantineLift.Outcome.NOT_PROTECTED);

    QuarantineLift lift = healer.lift("api", "token@127.0.0.1");
    assertThat(lift.outcome()).isEqualTo(QuarantineLift.Outcome.LIFTED);
    assertThat(lift.view().orElseThrow().quarantined()).isFalse();
    assertThat(lift.view().orElseThrow().restartsInWindow()).isZero();
    assertThat(events(RecoveryEvent.QuarantineLifted.class))
        .singleElement()
        .satisfies(e -> assertThat(e.by()).isEqualTo("token@127.0.0.1"));
    step(Duration.ofSeconds(1)); // still down: the ladder acts again, with a fresh budget
    assertThat(restarts).hasValue(2);
    assertThat(healer.lift("api", "me").outcome())
        .isEqualTo(QuarantineLift.Outcome.NOT_QUARANTINED);
  }

  @Test
  void aCriticalFailureTheLadderFixesNeverFiresTheHandler() throws Exception {
    register("api", true, 1);
    start(guards(10), restart(Duration.ofSeconds(5)));
    healer.onCriticalFailure(Duration.ofSeconds(3), fired::incrementAndGet);
    status = Status.CRITICAL;
    for (int i = 0; i < 4; i++) {
      step(Duration.ofSeconds(1)); // hard down for 4 s, longer than the grace, while healing
    }
    status = Status.OK;
    for (int i = 0; i < 10; i++) {
      step(Duration.ofSeconds(1));
    }
    assertThat(events(RecoveryEvent.Succeeded.class)).hasSize(1);
    assertThat(fired).hasValue(0);
  }

  @Test
  void aCriticalFailureWhoseLadderGivesUpFiresOnceAfterTheGrace() throws Exception {
    register("api", true, 1);
    start(guards(1), restart(Duration.ofSeconds(2)));
    healer.onCriticalFailure(Duration.ofSeconds(30), fired::incrementAndGet);
    status = Status.CRITICAL;
    for (int i = 0; i < 4; i++) {
      step(Duration.ofSeconds(1));
    }
    assertThat(healer.quarantined("api")).isTrue(); // since 3 s in
    step(Duration.ofSeconds(28));
    assertThat(fired).hasValue(0);
    step(Duration.ofSeconds(2));
    assertThat(fired).hasValue(1);
    step(Duration.ofMinutes(5));
    assertThat(fired).hasValue(1);
  }

  @Test
  void aCriticalCheckWithoutALadderFiresAfterTheGraceUnlessItRecoversFirst() throws Exception {
    register("db", true, 1);
    start(guards(1));
    Healer.Registration registration =
        healer.onCriticalFailure(Duration.ofSeconds(10), fired::incrementAndGet);
    status = Status.CRITICAL;
    step(Duration.ofSeconds(1));
    step(Duration.ofSeconds(8));
    status = Status.OK; // back before the grace ended: the clock starts over
    step(Duration.ofSeconds(1));
    status = Status.CRITICAL;
    step(Duration.ofSeconds(1));
    step(Duration.ofSeconds(9));
    assertThat(fired).hasValue(0);
    step(Duration.ofSeconds(1));
    assertThat(fired).hasValue(1);
    registration.close();
  }
}
