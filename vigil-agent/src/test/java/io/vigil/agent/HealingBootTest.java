package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.checks.CheckTypes;
import io.vigil.core.CheckSpec;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.recovery.QuarantineCause;
import io.vigil.recovery.RecoveryState;
import io.vigil.recovery.RecoveryStateStore;
import io.vigil.recovery.RecoveryView;
import io.vigil.server.Extensions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A quarantine survives an agent restart for the program too; an operator lifts it. */
class HealingBootTest {

  @TempDir Path dir;

  private final Monitor monitor = Monitor.builder().build();
  private Healing healing;

  @AfterEach
  void tearDown() {
    if (healing != null) {
      healing.close();
    }
    monitor.stop();
  }

  private AgentConfig config() throws Exception {
    return new ConfigLoader(CheckTypes.load(), Map.of())
        .parse(
            """
            healing: { directory: %s, backoff: 100ms }
            supervise:
              - { name: worker, command: [sleep, "600"] }
            checks:
              - { name: worker, type: process, pidFile: %s, recovery: { program: worker } }
            """
                .formatted(dir, pidFile()),
            Optional.empty());
  }

  private Path pidFile() {
    return dir.resolve("programs/worker.pid");
  }

  /** What an earlier agent left in the state file: the check quarantined. */
  private void quarantinedByAnEarlierAgent() {
    stateFile()
        .save(
            new RecoveryState(
                Map.of(),
                Map.of(
                    "worker",
                    new RecoveryState.Check(
                        1,
                        Optional.of(
                            new RecoveryView.Quarantine(
                                QuarantineCause.BUDGET_SPENT,
                                "restart budget spent: 3 restarts within 10m",
                                Instant.now()))))));
  }

  private RecoveryStateStore stateFile() {
    return RecoveryStateStore.file(dir.resolve("recovery-state.json"));
  }

  /** The check, as the agent would register it: OK while the pid file's process lives. */
  private void registerCheck() {
    monitor.register(
        CheckSpec.builder("worker")
            .interval(Duration.ofMillis(200))
            .retryInterval(Duration.ofMillis(200))
            .timeout(Duration.ofMillis(200))
            .failureThreshold(1)
            .jitter(Duration.ZERO)
            .build(),
        ctx -> alive() ? Result.ok("running") : Result.critical("not running"));
  }

  private boolean alive() {
    try {
      long pid = Long.parseLong(Files.readString(pidFile()).strip());
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  @Timeout(60)
  void aQuarantinedProgramIsNotStartedAtBootUntilTheQuarantineIsLifted() throws Exception {
    quarantinedByAnEarlierAgent();
    registerCheck();
    healing = Healing.start(config(), monitor, stateFile());
    monitor.start();
    await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
    assertThat(Files.exists(pidFile())).isFalse();
    assertThat(healing.view("worker").orElseThrow().quarantined()).isTrue();
    assertThat(healing.lift("other", "token@127.0.0.1").result())
        .isEqualTo(Extensions.LiftResult.UNKNOWN);

    Extensions.LiftOutcome lifted = healing.lift("worker", "token@127.0.0.1");
    assertThat(lifted.result()).isEqualTo(Extensions.LiftResult.LIFTED);
    await().atMost(Duration.ofSeconds(20)).until(this::alive);
    assertThat(healing.view("worker").orElseThrow().recent())
        .anySatisfy(e -> assertThat(e.toString()).contains("QuarantineLifted"));
    assertThat(healing.lift("worker", "token@127.0.0.1").result())
        .isEqualTo(Extensions.LiftResult.NOT_QUARANTINED);
  }

  @Test
  @Timeout(60)
  void aProgramThatIsNotQuarantinedStartsAtBoot() throws Exception {
    registerCheck();
    healing = Healing.start(config(), monitor, stateFile());
    monitor.start();
    await().atMost(Duration.ofSeconds(10)).until(this::alive);
  }
}
