package io.vigil.core.internal;

import static io.vigil.core.Status.CRITICAL;
import static io.vigil.core.Status.OK;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.CheckResume;
import io.vigil.core.CheckSnapshot;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthEvent;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.StateType;
import io.vigil.core.SystemStatus;
import io.vigil.core.testing.FakeTicker;
import io.vigil.core.testing.RecordingListener;
import io.vigil.core.testing.ScriptedCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A check taken over from another monitor continues its state machine instead of starting over. */
class ResumeTest {

  private final FakeTicker ticker = new FakeTicker();
  private final RecordingListener events = new RecordingListener();
  private final ManualMonitor monitor =
      Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();

  private static CheckSpec spec() {
    return CheckSpec.builder("api")
        .interval(Duration.ofSeconds(10))
        .timeout(Duration.ofSeconds(5))
        .retryInterval(Duration.ofSeconds(1))
        .jitter(Duration.ZERO)
        .failureThreshold(3)
        .critical(true)
        .build();
  }

  @AfterEach
  void stop() {
    monitor.stop();
  }

  private CheckSnapshot check() {
    return monitor.snapshot().check("api").orElseThrow();
  }

  @Test
  void aHardFailureStaysHardAndIsNotAnnouncedAgain() {
    Instant changed = Instant.parse("2026-12-01T10:00:00Z");
    CheckResume resume =
        new CheckResume(
            CRITICAL,
            StateType.HARD,
            4,
            0,
            Optional.of(Result.critical("connection refused")),
            changed);
    monitor.subscribe(events);
    monitor.register(spec(), new ScriptedCheck(CRITICAL), resume);

    assertThat(check().status()).isEqualTo(CRITICAL);
    assertThat(check().stateType()).isEqualTo(StateType.HARD);
    assertThat(check().pending()).isFalse();
    assertThat(check().lastChange()).isEqualTo(changed);

    monitor.start();
    assertThat(monitor.snapshot().status()).isEqualTo(SystemStatus.UNHEALTHY); // not STARTING
    monitor.tick();

    assertThat(check().consecutiveFailures()).isEqualTo(5);
    assertThat(check().lastChange()).isEqualTo(changed);
    assertThat(events.events()).noneMatch(e -> e instanceof HealthEvent.StateChanged);
  }

  @Test
  void aSoftFailureKeepsCountingTowardsTheThreshold() {
    CheckResume resume =
        new CheckResume(
            CRITICAL, StateType.SOFT, 2, 0, Optional.of(Result.critical("timeout")), Instant.EPOCH);
    monitor.register(spec(), new ScriptedCheck(CRITICAL), resume);
    monitor.start();
    monitor.tick();

    // From zero this would be the first soft failure; resumed, it is the third: hard.
    assertThat(check().stateType()).isEqualTo(StateType.HARD);
    assertThat(check().consecutiveFailures()).isEqualTo(3);
  }

  @Test
  void resumingFromASnapshotCarriesItsState() {
    monitor.register(spec(), new ScriptedCheck(OK));
    monitor.start();
    monitor.tick();
    CheckResume resume = CheckResume.of(check());

    ManualMonitor other = Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
    other.register(spec(), new ScriptedCheck(OK), resume);
    CheckSnapshot taken = other.snapshot().check("api").orElseThrow();
    other.stop();

    assertThat(taken.status()).isEqualTo(OK);
    assertThat(taken.lastResult()).isEqualTo(check().lastResult());
    assertThat(taken.score()).isEqualTo(1.0);
  }
}
