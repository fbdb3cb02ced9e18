package io.vigil.core.internal;

import static io.vigil.core.Status.CRITICAL;
import static io.vigil.core.Status.OK;
import static io.vigil.core.Status.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.CheckSnapshot;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthEvent;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.StateType;
import io.vigil.core.Status;
import io.vigil.core.SystemStatus;
import io.vigil.core.UnknownCheckException;
import io.vigil.core.testing.FakeTicker;
import io.vigil.core.testing.RecordingListener;
import io.vigil.core.testing.ScriptedCheck;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's rules, driven by a fake clock and {@link io.vigil.core.ManualMonitor#tick()}: runs
 * execute on the calling thread unless a test needs them on their own thread.
 */
class EngineTest {

  private final FakeTicker ticker = new FakeTicker();
  private final RecordingListener events = new RecordingListener();
  private ManualMonitor monitor = direct();

  private ManualMonitor direct() {
    return Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
  }

  private ManualMonitor virtual() {
    return Monitor.builder().ticker(ticker).buildManual();
  }

  private static CheckSpec.Builder spec(String name) {
    return CheckSpec.builder(name)
        .interval(Duration.ofSeconds(10))
        .timeout(Duration.ofSeconds(5))
        .retryInterval(Duration.ofSeconds(1))
        .jitter(Duration.ZERO);
  }

  private void advance(Duration d) {
    ticker.advance(d);
    monitor.tick();
  }

  private CheckSnapshot check(String name) {
    return monitor.snapshot().check(name).orElseThrow();
  }

  @AfterEach
  void stop() {
    monitor.stop();
  }

  @Test
  void systemMessageNamesTenFailingChecksAndCountsTheRest() {
    for (int i = 0; i < 25; i++) {
      monitor.register(
          spec(String.format("c%02d", i)).failureThreshold(1).build(), new ScriptedCheck(CRITICAL));
    }
    monitor.start();
    monitor.tick();
    assertThat(monitor.snapshot().message())
        .isEqualTo(
            "25 of 25 checks failing: c00, c01, c02, c03, c04, c05, c06, c07, c08, c09 and 15"
                + " more");
  }

  @Test
  void runsAtItsIntervalOnMonotonicTime() {
    ScriptedCheck c = new ScriptedCheck(OK);
    monitor.register(spec("a").build(), c);
    monitor.start();
    monitor.tick();
    assertThat(c.runs()).isEqualTo(1);
    advance(Duration.ofSeconds(9));
    assertThat(c.runs()).isEqualTo(1);
    advance(Duration.ofSeconds(1));
    assertThat(c.runs()).isEqualTo(2);
  }

  @Test
  void wallClockJumpNeitherStallsNorBursts() {
    ScriptedCheck c = new ScriptedCheck(OK);
    monitor.register(spec("a").build(), c);
    monitor.start();
    monitor.tick();
    ticker.jumpWall(Duration.ofHours(-2));
    advance(Duration.ofSeconds(10));
    assertThat(c.runs()).isEqualTo(2);
    ticker.jumpWall(Duration.ofHours(5));
    monitor.tick();
    assertThat(c.runs()).isEqualTo(2);
    advance(Duration.ofSeconds(10));
    assertThat(c.runs()).isEqualTo(3);
  }

  @Test
  void firstRunWaitsForInitialDelayAndJitterSpreadsChecks() {
    monitor =
        Monitor.builder()
            .ticker(ticker)
            .executor(Runnable::run)
            .random(new java.util.Random(7))
            .buildManual();
    ScriptedCheck delayed = new ScriptedCheck(OK);
    monitor.register(spec("delayed").initialDelay(Duration.ofSeconds(5)).build(), delayed);
    ScriptedCheck[] spread = new ScriptedCheck[100];
    for (int i = 0; i < spread.length; i++) {
      spread[i] = new ScriptedCheck(OK);
      monitor.register(spec("s" + i).jitter(Duration.ofSeconds(10)).build(), spread[i]);
    }
    monitor.start();
    monitor.tick();
    assertThat(delayed.runs()).isZero();
    int ranInFirstSecond = 0;
    for (ScriptedCheck s : spread) {
      ranInFirstSecond += s.runs();
    }
    assertThat(ranInFirstSecond).isLessThan(30);
    advance(Duration.ofSeconds(5));
    assertThat(delayed.runs()).isEqualTo(1);
    advance(Duration.ofSeconds(5));
    for (ScriptedCheck s : spread) {
      assertThat(s.runs()).isEqualTo(1);
    }
  }

  @Test
  void retriesAtRetryIntervalUntilHard() {
    monitor.subscribe(events);
    ScriptedCheck c = new ScriptedCheck(OK, CRITICAL);
    monitor.register(spec("db").critical(true).build(), c);
    monitor.start();
    monitor.tick();
    advance(Duration.ofSeconds(10));
    assertThat(check("db").stateType()).isEqualTo(StateType.SOFT);
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.DEGRADED);
    advance(Duration.ofSeconds(1));
    advance(Duration.ofSeconds(1));
    assertThat(c.runs()).isEqualTo(4);
    CheckSnapshot db = check("db");
    assertThat(db.stateType()).isEqualTo(StateType.HARD);
    assertThat(db.status()).isEqualTo(CRITICAL);
    assertThat(db.consecutiveFailures()).isEqualTo(3);
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.UNHEALTHY);
    assertThat(monitor.snapshot().message())
        .isEqualTo("1 of 1 checks failing: db (critical, hard)");
    // Hard: back to the normal interval.
    advance(Duration.ofSeconds(1));
    assertThat(c.runs()).isEqualTo(4);
    advance(Duration.ofSeconds(9));
    assertThat(c.runs()).isEqualTo(5);
    monitor.stop();
    assertThat(events.events(HealthEvent.StateChanged.class))
        .extracting(e -> e.to() + "/" + e.toType())
        .containsExactly("OK/HARD", "CRITICAL/SOFT", "CRITICAL/HARD");
  }

  @Test
  void exceptionsAndErrorsBecomeCriticalWithTheirClass() {
    monitor.register(
        spec("io").build(),
        ctx -> {
          throw new IOException("disk gone");
        });
    monitor.register(
        spec("error").build(),
        ctx -> {
          throw new StackOverflowError("deep");
        });
    monitor.register(spec("null").build(), ctx -> null);
    monitor.start();
    monitor.tick();
    assertThat(check("io").lastResult().orElseThrow().message())
        .isEqualTo("IOException: disk gone");
    assertThat(check("error").lastResult().orElseThrow().status()).isEqualTo(CRITICAL);
    assertThat(check("error").lastResult().orElseThrow().message())
        .isEqualTo("StackOverflowError: deep");
    assertThat(check("null").lastResult().orElseThrow().status()).isEqualTo(Status.UNKNOWN);
    // The scheduler survived and keeps going.
    advance(Duration.ofSeconds(1));
    assertThat(monitor.stats().runs()).isEqualTo(6);
  }

  @Test
  void timeoutRecordsCriticalAndInterruptsTheRun() throws Exception {
    monitor = virtual();
    CountDownLatch interrupted = new CountDownLatch(1);
    monitor.register(
        spec("slow").build(),
        ctx -> {
          try {
            ctx.sleep(Duration.ofMinutes(1));
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
          }
          return Result.ok();
        });
    monitor.start();
    monitor.tick();
    await().until(() -> monitor.stats().inFlight() == 1);
    advance(Duration.ofSeconds(5));
    Result r = check("slow").lastResult().orElseThrow();
    assertThat(r.status()).isEqualTo(CRITICAL);
    assertThat(r.message()).isEqualTo("timed out after 5s");
    assertThat(r.latency()).isEqualTo(Duration.ofSeconds(5));
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(monitor.stats().timeouts()).isEqualTo(1);
  }

  @Test
  void runThatIgnoresInterruptionIsAbandonedAndDoesNotBlockLaterRuns() {
    monitor = virtual();
    monitor.subscribe(events);
    CountDownLatch release = new CountDownLatch(1);
    ScriptedCheck later = new ScriptedCheck(OK);
    boolean[] first = {true};
    monitor.register(
        spec("stuck").build(),
        ctx -> {
          if (first[0]) {
            first[0] = false;
            while (release.getCount() > 0) {
              try {
                release.await();
              } catch (InterruptedException ignored) {
                // a badly written check
              }
            }
            return Result.ok("too late");
          }
          return later.check(ctx);
        });
    monitor.start();
    monitor.tick();
    await().until(() -> monitor.stats().inFlight() == 1);
    advance(Duration.ofSeconds(5));
    advance(Duration.ofSeconds(1)); // abandon grace, also the retry interval
    assertThat(monitor.stats().abandonedRuns()).isEqualTo(1);
    await().until(() -> later.runs() == 1);
    await().until(() -> check("stuck").lastResult().orElseThrow().status() == OK);
    assertThat(check("stuck").abandonedRuns()).isEqualTo(1);
    release.countDown();
    await()
        .until(
            () ->
                events.events(HealthEvent.RunAbandoned.class).size() == 1
                    && events
                        .events(HealthEvent.RunAbandoned.class)
                        .get(0)
                        .check()
                        .equals("stuck"));
    // The abandoned run's late result is never recorded.
    assertThat(monitor.history("stuck").orElseThrow().results())
        .extracting(Result::message)
        .doesNotContain("too late");
  }

  @Test
  void checkWithNoResultWithinStaleAfterIsUnknown() {
    monitor = virtual();
    CountDownLatch never = new CountDownLatch(1);
    monitor.register(
        spec("quiet")
            .interval(Duration.ofSeconds(30))
            .timeout(Duration.ofSeconds(30))
            .staleAfter(Duration.ofSeconds(3))
            .build(),
        ctx -> {
          never.await();
          return Result.ok();
        });
    monitor.start();
    monitor.tick();
    advance(Duration.ofSeconds(2));
    assertThat(check("quiet").pending()).isTrue();
    advance(Duration.ofSeconds(1));
    CheckSnapshot quiet = check("quiet");
    assertThat(quiet.stale()).isTrue();
    assertThat(quiet.status()).isEqualTo(Status.UNKNOWN);
    assertThat(quiet.stateType()).isEqualTo(StateType.HARD);
  }

  @Test
  void systemStatusFollowsCriticalAndNonCriticalChecks() {
    ScriptedCheck db = new ScriptedCheck(OK);
    ScriptedCheck cache = new ScriptedCheck(OK);
    monitor.register(spec("db").critical(true).failureThreshold(1).build(), db);
    monitor.register(spec("cache").failureThreshold(1).build(), cache);
    monitor.start();
    monitor.tick();
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.HEALTHY);
    assertThat(monitor.snapshot().message()).isEqualTo("all 2 checks OK");

    cache.then(CRITICAL);
    advance(Duration.ofSeconds(10));
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.DEGRADED);
    assertThat(monitor.snapshot().message()).isEqualTo("1 of 2 checks failing: cache");

    db.then(WARNING);
    advance(Duration.ofSeconds(10));
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.DEGRADED);

    db.then(CRITICAL);
    advance(Duration.ofSeconds(10));
    HealthSnapshot s = monitor.snapshot();
    assertThat(s.status()).isEqualTo(SystemStatus.UNHEALTHY);
    assertThat(s.message()).isEqualTo("2 of 2 checks failing: cache, db (critical, hard)");
    assertThat(s.status().httpCode()).isEqualTo(503);
  }

  @Test
  void disabledChecksNeitherRunNorCount() {
    ScriptedCheck off = new ScriptedCheck(CRITICAL);
    monitor.register(spec("off").enabled(false).critical(true).build(), off);
    monitor.register(spec("on").build(), new ScriptedCheck(OK));
    monitor.start();
    monitor.tick();
    advance(Duration.ofMinutes(5));
    assertThat(off.runs()).isZero();
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.HEALTHY);
  }

  @Test
  void startingUntilEveryCheckHasAResultOrGracePasses() {
    monitor =
        Monitor.builder()
            .ticker(ticker)
            .executor(Runnable::run)
            .startupGrace(Duration.ofSeconds(30))
            .buildManual();
    monitor.register(spec("early").build(), new ScriptedCheck(OK));
    monitor.register(
        spec("late").initialDelay(Duration.ofSeconds(40)).build(), new ScriptedCheck(OK));
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.STARTING);
    monitor.start();
    monitor.tick();
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.STARTING);
    assertThat(monitor.snapshot().message())
        .isEqualTo("starting: 1 of 2 checks have no result yet");
    advance(Duration.ofSeconds(30));
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.HEALTHY);
  }

  @Test
  void startingEndsWithTheLastFirstResult() {
    monitor.register(spec("a").build(), new ScriptedCheck(OK));
    monitor.register(spec("b").initialDelay(Duration.ofSeconds(2)).build(), new ScriptedCheck(OK));
    monitor.start();
    monitor.tick();
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.STARTING);
    advance(Duration.ofSeconds(2));
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.HEALTHY);
  }

  @Test
  void stoppingFromStopOn() {
    monitor.subscribe(events);
    monitor.register(spec("a").build(), new ScriptedCheck(OK));
    monitor.start();
    monitor.tick();
    monitor.stop();
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.STOPPING);
    assertThat(events.events(HealthEvent.SystemStatusChanged.class))
        .extracting(HealthEvent.SystemStatusChanged::to)
        .containsExactly(SystemStatus.HEALTHY, SystemStatus.STOPPING);
  }

  @Test
  void componentsHaveTheirOwnStatusAndScore() {
    ScriptedCheck bad = new ScriptedCheck(CRITICAL);
    monitor.register(spec("db-primary").component("db").critical(true).build(), bad);
    monitor.register(spec("db-replica").component("db").build(), new ScriptedCheck(OK));
    monitor.register(spec("web").component("frontend").build(), new ScriptedCheck(OK));
    monitor.start();
    monitor.tick();
    advance(Duration.ofSeconds(1));
    advance(Duration.ofSeconds(1));
    HealthSnapshot s = monitor.snapshot();
    assertThat(s.components().get("db").status()).isEqualTo(SystemStatus.UNHEALTHY);
    assertThat(s.components().get("db").score()).isEqualTo(0.5);
    assertThat(s.components().get("db").checks()).containsExactly("db-primary", "db-replica");
    assertThat(s.components().get("frontend").status()).isEqualTo(SystemStatus.HEALTHY);
    assertThat(s.components().get("frontend").score()).isEqualTo(1.0);
    assertThat(s.score()).isCloseTo(2.0 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.scoreLevel()).isEqualTo(SystemStatus.UNHEALTHY);
  }

  @Test
  void flappingCheckRaisesOneEventEachWay() {
    monitor.subscribe(events);
    ScriptedCheck c = new ScriptedCheck();
    for (int i = 0; i < 30; i++) {
      c.then(i % 2 == 0 ? OK : CRITICAL);
    }
    for (int i = 0; i < 30; i++) {
      c.then(OK);
    }
    monitor.register(spec("flappy").build(), c);
    monitor.start();
    monitor.tick();
    for (int i = 0; i < 59; i++) {
      advance(Duration.ofSeconds(10));
    }
    assertThat(c.runs()).isEqualTo(60);
    monitor.stop();
    assertThat(events.events(HealthEvent.FlappingStarted.class)).hasSize(1);
    assertThat(events.events(HealthEvent.FlappingStopped.class)).hasSize(1);
    assertThat(check("flappy").flapping()).isFalse();
  }

  @Test
  void resetFlappingForgetsTheWindowAndStopsFlapping() {
    monitor.subscribe(events);
    ScriptedCheck c = new ScriptedCheck();
    for (int i = 0; i < 12; i++) {
      c.then(i % 2 == 0 ? OK : CRITICAL);
    }
    c.then(CRITICAL, OK);
    monitor.register(spec("flappy").build(), c);
    monitor.start();
    monitor.tick();
    for (int i = 0; i < 11; i++) {
      advance(Duration.ofSeconds(10));
    }
    assertThat(check("flappy").flapping()).isTrue();

    assertThat(monitor.resetFlapping("flappy")).isTrue();
    assertThat(check("flappy").flapping()).isFalse();
    assertThat(check("flappy").flapPercent()).isZero();
    // One more change after the reset is far below the start threshold: the old ones are gone.
    advance(Duration.ofSeconds(10));
    advance(Duration.ofSeconds(10));
    assertThat(check("flappy").flapping()).isFalse();
    monitor.stop();
    assertThat(events.events(HealthEvent.FlappingStarted.class)).hasSize(1);
    assertThat(events.events(HealthEvent.FlappingStopped.class)).hasSize(1);
    assertThat(monitor.resetFlapping("missing")).isFalse();
  }

  @Test
  void historyIsBoundedAndQueryableByTime() {
    monitor = Monitor.builder().ticker(ticker).executor(Runnable::run).historySize(5).buildManual();
    monitor.register(spec("a").build(), new ScriptedCheck(OK, CRITICAL, OK));
    Instant start = ticker.wallTime();
    monitor.start();
    monitor.tick();
    for (int i = 0; i < 9; i++) {
      advance(Duration.ofSeconds(10));
    }
    var all = monitor.history("a").orElseThrow();
    assertThat(all.results()).hasSize(5);
    var range = monitor.history("a", start, start.plusSeconds(15)).orElseThrow();
    assertThat(range.results()).isEmpty();
    var recent = monitor.history("a", ticker.wallTime().minusSeconds(15), ticker.wallTime());
    assertThat(recent.orElseThrow().results()).hasSize(2);
    assertThat(recent.orElseThrow().counts()).containsEntry(OK, 2L);
    assertThat(monitor.history("missing")).isEmpty();
  }

  @Test
  void runNowRunsAndRecordsAndRejectsUnknownNames() throws Exception {
    ScriptedCheck c = new ScriptedCheck(WARNING);
    monitor.register(spec("a").build(), c);
    Result r = monitor.runNow("a").get();
    assertThat(r.status()).isEqualTo(WARNING);
    assertThat(check("a").lastResult()).contains(r);
    assertThat(monitor.runNow("nope"))
        .failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(UnknownCheckException.class);
  }

  @Test
  void runNowWhileRunningJoinsTheRunInFlight() throws Exception {
    monitor = virtual();
    CountDownLatch release = new CountDownLatch(1);
    ScriptedCheck counted = new ScriptedCheck(OK);
    monitor.register(
        spec("a").build(),
        ctx -> {
          release.await();
          return counted.check(ctx);
        });
    var first = monitor.runNow("a");
    var second = monitor.runNow("a");
    release.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(second.get(5, TimeUnit.SECONDS));
    assertThat(counted.runs()).isEqualTo(1);
  }

  @Test
  void replaceKeepsStateAndHistory() {
    monitor.register(spec("a").failureThreshold(1).build(), new ScriptedCheck(CRITICAL));
    monitor.start();
    monitor.tick();
    monitor.replace(
        spec("a").failureThreshold(1).interval(Duration.ofSeconds(20)).build(),
        new ScriptedCheck(OK));
    CheckSnapshot a = check("a");
    assertThat(a.status()).isEqualTo(CRITICAL);
    assertThat(a.spec().interval()).isEqualTo(Duration.ofSeconds(20));
    monitor.tick();
    assertThat(monitor.history("a").orElseThrow().results())
        .extracting(Result::status)
        .containsExactly(CRITICAL, OK);
  }

  @Test
  void unregisterCancelsTheRunInFlight() throws Exception {
    monitor = virtual();
    monitor.subscribe(events);
    CountDownLatch interrupted = new CountDownLatch(1);
    monitor.register(
        spec("a").build(),
        ctx -> {
          try {
            ctx.sleep(Duration.ofMinutes(1));
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
          return Result.ok();
        });
    var run = monitor.runNow("a");
    await().until(() -> monitor.stats().inFlight() == 1);
    assertThat(monitor.unregister("a")).isTrue();
    assertThat(monitor.unregister("a")).isFalse();
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(run).failsWithin(Duration.ofSeconds(1));
    assertThat(monitor.snapshot().checks()).isEmpty();
    assertThat(monitor.stats().inFlight()).isZero();
    await().until(() -> events.events(HealthEvent.CheckRemoved.class).size() == 1);
  }

  @Test
  void noTimersLeakAfterManyRuns() {
    monitor.register(spec("a").build(), new ScriptedCheck(OK));
    monitor.register(spec("b").build(), new ScriptedCheck(CRITICAL));
    monitor.start();
    for (int i = 0; i < 100; i++) {
      advance(Duration.ofSeconds(1));
    }
    // At most a due timer and a stale timer per check.
    assertThat(((DefaultMonitor) monitor).pendingTimers()).isLessThanOrEqualTo(4);
  }
}
