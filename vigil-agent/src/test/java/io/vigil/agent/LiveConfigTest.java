package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.CheckTypes;
import io.vigil.checks.Heartbeats;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import io.vigil.server.Extensions.ReloadOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads keep the state of unchanged checks and reject bad files without touching anything. */
class LiveConfigTest {

  @TempDir Path dir;

  private final FakeTicker ticker = new FakeTicker();
  private final ManualMonitor monitor =
      Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
  private final Heartbeats heartbeats = new Heartbeats();
  private final ConfigLoader loader =
      new ConfigLoader(CheckTypes.load(new CheckTypeContext(heartbeats)), Map.of());
  private LiveConfig live;

  @AfterEach
  void tearDown() {
    if (live != null) {
      live.close();
    }
    monitor.stop();
  }

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private int results(String check) {
    return monitor.history(check).orElseThrow().results().size();
  }

  @Test
  void reloadKeepsUnchangedChecksAndAppliesTheRest() throws Exception {
    Path file =
        write(
            """
            defaults: { jitter: 0s }
            checks:
              - { name: same, type: fixed }
              - { name: changed, type: fixed, status: critical, failureThreshold: 1 }
              - { name: removed, type: fixed }
            """);
    AgentConfig initial = loader.load(file);
    live = new LiveConfig(loader, monitor, initial);
    live.registerChecks();
    monitor.start();
    monitor.tick();
    assertThat(monitor.snapshot().check("changed").orElseThrow().status())
        .isEqualTo(Status.CRITICAL);

    write(
        """
        defaults: { jitter: 0s }
        checks:
          - { name: same, type: fixed }
          - { name: changed, type: fixed, status: ok, failureThreshold: 1 }
          - { name: added, type: fixed }
        """);
    ReloadOutcome outcome = live.reload();
    assertThat(outcome.applied()).isTrue();
    assertThat(outcome.summary())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("added", 1, "changed", 1, "removed", 1, "unchanged", 1));
    assertThat(monitor.snapshot().checks().keySet())
        .containsExactlyInAnyOrder("same", "changed", "added");
    assertThat(results("same")).isEqualTo(1);
    // The changed check kept its state and history; its next run uses the new settings.
    assertThat(monitor.snapshot().check("changed").orElseThrow().status())
        .isEqualTo(Status.CRITICAL);
    assertThat(results("changed")).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(30));
    monitor.tick();
    assertThat(monitor.history("changed").orElseThrow().results())
        .extracting(Result::status)
        .containsExactly(Status.CRITICAL, Status.OK);
    assertThat(results("same")).isEqualTo(2);
  }

  @Test
  void invalidFileIsRejectedAndTheRunningConfigurationStays() throws Exception {
    Path file = write("checks:\n  - { name: a, type: fixed }\n");
    live = new LiveConfig(loader, monitor, loader.load(file));
    live.registerChecks();
    write("checks:\n  - { name: a, type: fixed }\n  - { name: b, type: nope }\n");
    ReloadOutcome outcome = live.reload();
    assertThat(outcome.applied()).isFalse();
    assertThat(outcome.problems())
        .anyMatch(p -> p.startsWith("checks[1].type: unknown type 'nope'"));
    assertThat(monitor.snapshot().checks().keySet()).containsExactly("a");
    assertThat(live.lastReload()).containsEntry("applied", false);
    assertThat(live.current().checks()).hasSize(1);
  }

  @Test
  void aChangedFileIsReloadedByItself() throws Exception {
    Path file = write("checks:\n  - { name: a, type: fixed }\n");
    live = new LiveConfig(loader, monitor, loader.load(file));
    live.registerChecks();
    live.watch();
    write("checks:\n  - { name: a, type: fixed }\n  - { name: b, type: fixed }\n");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Boolean.TRUE.equals(live.lastReload().get("applied")));
    assertThat(monitor.snapshot().checks()).containsKey("b");
  }

  @Test
  void creatingTheLiveConfigurationRegistersNothing() throws Exception {
    Path file = write("checks:\n  - { name: a, type: fixed }\n  - { name: hb, type: heartbeat }\n");
    live = new LiveConfig(loader, monitor, loader.load(file));
    assertThat(monitor.snapshot().checks()).isEmpty();
    assertThat(heartbeats.expects("hb")).isFalse();
  }

  @Test
  void heartbeatsAreAcceptedOnlyWhileTheirCheckIsRegistered() throws Exception {
    Path file = write("checks:\n  - { name: hb, type: heartbeat, ttl: 1m }\n");
    live = new LiveConfig(loader, monitor, loader.load(file));
    live.registerChecks();
    assertThat(heartbeats.beat("hb", Status.OK, "nightly run", Instant.EPOCH)).isTrue();

    write("checks:\n  - { name: hb, type: heartbeat, ttl: 2m }\n");
    assertThat(live.reload().summary()).containsEntry("changed", 1);
    assertThat(heartbeats.last("hb")).map(Heartbeats.Beat::message).contains("nightly run");

    write("checks:\n  - { name: other, type: fixed }\n");
    assertThat(live.reload().summary()).containsEntry("removed", 1);
    assertThat(heartbeats.expects("hb")).isFalse();
  }

  @Test
  void aRejectedReloadLeavesNoHeartbeatBehind() throws Exception {
    Path file = write("checks:\n  - { name: a, type: fixed }\n");
    live = new LiveConfig(loader, monitor, loader.load(file));
    live.registerChecks();
    write(
        "checks:\n  - { name: a, type: fixed }\n  - { name: hb, type: heartbeat }\n"
            + "  - { name: b, type: nope }\n");
    assertThat(live.reload().applied()).isFalse();
    assertThat(heartbeats.expects("hb")).isFalse();
    assertThat(heartbeats.beat("hb", Status.OK, "", Instant.EPOCH)).isFalse();
  }
}
