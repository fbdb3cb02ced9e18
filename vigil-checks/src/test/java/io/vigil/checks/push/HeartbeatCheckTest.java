package io.vigil.checks.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.checks.CheckSettings;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.Heartbeats;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.TestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatCheckTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void criticalUntilTheFirstBeatThenTtlDecides() {
    Heartbeats beats = new Heartbeats();
    HeartbeatCheck at0 =
        new HeartbeatCheck("job", Duration.ofSeconds(30), beats, Clock.fixed(T0, ZoneOffset.UTC));
    at0.bind();
    Result none = at0.check(TestContext.standard());
    assertThat(none.status()).isEqualTo(Status.CRITICAL);
    assertThat(none.message()).isEqualTo("no heartbeat received yet (ttl 30s)");

    assertThat(beats.beat("job", Status.WARNING, "queue backing up", T0)).isTrue();
    Result fresh = at0.check(TestContext.standard());
    assertThat(fresh.status()).isEqualTo(Status.WARNING);
    assertThat(fresh.message()).isEqualTo("queue backing up");

    HeartbeatCheck later =
        new HeartbeatCheck(
            "job", Duration.ofSeconds(30), beats, Clock.fixed(T0.plusSeconds(45), ZoneOffset.UTC));
    Result late = later.check(TestContext.standard());
    assertThat(late.status()).isEqualTo(Status.CRITICAL);
    assertThat(late.message()).isEqualTo("no heartbeat for 45s (ttl 30s)");
  }

  @Test
  void secretsInABeatMessageNeverReachTheResult() {
    Heartbeats beats = new Heartbeats();
    HeartbeatCheck check =
        new HeartbeatCheck("job", Duration.ofSeconds(30), beats, Clock.fixed(T0, ZoneOffset.UTC));
    check.bind();
    beats.beat(
        "job",
        Status.WARNING,
        "backup failed: postgres://backup:CanaryPw1@db/x password=CanaryPw2 Bearer CanaryTok3",
        T0);
    Result r = check.check(TestContext.standard());
    String everything = r.message() + " " + r.details() + " " + r.error().orElse("");
    assertThat(everything).doesNotContain("CanaryPw1", "CanaryPw2", "CanaryTok3");
    assertThat(r.message()).startsWith("backup failed: postgres://backup:******@db/x");
    assertThat(beats.last("job").orElseThrow().message()).doesNotContain("Canary");
  }

  @Test
  void beatsForUnknownNamesAreRefused() {
    Heartbeats beats = new Heartbeats();
    assertThat(beats.beat("nobody", Status.OK, "", T0)).isFalse();
  }

  @Test
  void creatingACheckExpectsNothingUntilItIsBound() {
    Heartbeats beats = new Heartbeats();
    var check =
        (HeartbeatCheck)
            new PushCheckTypes()
                .types(new CheckTypeContext(beats))
                .getFirst()
                .create(CheckSettings.of(Map.of("name", "job")));
    assertThat(beats.expects("job")).isFalse();
    assertThat(beats.beat("job", Status.OK, "", T0)).isFalse();

    check.bind();
    assertThat(beats.beat("job", Status.OK, "", T0)).isTrue();
    check.unbind();
    assertThat(beats.expects("job")).isFalse();
  }

  @Test
  void aReplacementBoundBeforeTheOldCheckIsUnboundKeepsTheLastBeat() {
    Heartbeats beats = new Heartbeats();
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    HeartbeatCheck old = new HeartbeatCheck("job", Duration.ofSeconds(30), beats, clock);
    old.bind();
    beats.beat("job", Status.OK, "done", T0);

    HeartbeatCheck replacement = new HeartbeatCheck("job", Duration.ofSeconds(60), beats, clock);
    replacement.bind();
    old.unbind();

    assertThat(beats.last("job")).map(Heartbeats.Beat::message).contains("done");
    assertThat(replacement.check(TestContext.standard()).message()).isEqualTo("done");
  }
}
