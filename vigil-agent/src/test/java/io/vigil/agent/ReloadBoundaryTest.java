package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vigil.agent.config.ConfigLoader;
import io.vigil.checks.CheckType;
import io.vigil.checks.CheckTypes;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.testing.FakeTicker;
import io.vigil.server.Extensions.ReloadOutcome;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever the file holds, a reload answers: rejected with a clear problem, never an exception (a
 * 500), never a hang. And it never pretends to apply a server setting that needs a restart.
 */
class ReloadBoundaryTest {

  @TempDir Path dir;

  private final FakeTicker ticker = new FakeTicker();
  private final ManualMonitor monitor =
      Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();

  /** {@code ok} answers OK; {@code overflow} fails its creation with a StackOverflowError. */
  private final ConfigLoader loader =
      new ConfigLoader(
          CheckTypes.of(
              List.of(
                  CheckType.of("ok", "answers OK", s -> ctx -> Result.ok("fine")),
                  CheckType.of(
                      "overflow",
                      "cannot be created",
                      s -> {
                        throw new StackOverflowError();
                      }))),
          Map.of());

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

  private void startWith(String yaml) throws Exception {
    live = new LiveConfig(loader, monitor, loader.load(write(yaml)));
    live.registerChecks();
  }

  @Test
  void anErrorWhileValidatingIsARejectedReload() throws Exception {
    startWith("checks:\n  - { name: a, type: ok }\n");
    write("checks:\n  - { name: a, type: ok }\n  - { name: b, type: overflow }\n");
    ReloadOutcome outcome = live.reload();
    assertThat(outcome.applied()).isFalse();
    assertThat(outcome.problems())
        .containsExactly("the configuration could not be validated: java.lang.StackOverflowError");
    assertThat(monitor.snapshot().checks()).containsOnlyKeys("a");
    assertThat(live.lastReload()).containsEntry("applied", false);
  }

  @Test
  void aLongDependencyChainIsReloadedAndRuns() throws Exception {
    startWith("checks:\n  - { name: a, type: ok }\n");
    int length = 20_000;
    StringBuilder yaml = new StringBuilder("checks:\n");
    for (int i = 0; i < length; i++) {
      String next = i + 1 < length ? "c" + (i + 1) : "";
      yaml.append("  - { name: c").append(i).append(", type: ok, dependsOn: [").append(next);
      yaml.append("] }\n");
    }
    write(yaml.toString());
    // On a virtual thread, as a reload by POST /api/reload runs.
    FutureTask<ReloadOutcome> reload = new FutureTask<>(live::reload);
    Thread.ofVirtual().start(reload);
    ReloadOutcome outcome = reload.get(120, TimeUnit.SECONDS);
    assertThat(outcome.problems()).isEmpty();
    assertThat(outcome.applied()).isTrue();
    assertThat(monitor.snapshot().checks()).hasSize(length);
    assertThat(monitor.snapshot().blockedBy("c0")).isEmpty();
  }

  @Test
  void aFileOverTheSizeLimitIsRejectedBeforeItIsRead() throws Exception {
    startWith("checks:\n  - { name: a, type: ok }\n");
    Path file = dir.resolve("vigil.yaml");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(50L << 20); // 50 MB, sparse: nothing to read until someone reads it
    }
    ReloadOutcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(10), live::reload);
    assertThat(outcome.applied()).isFalse();
    assertThat(outcome.problems())
        .containsExactly(
            file
                + ": is 52428800 bytes, more than the limit of 4 MB; raise it with"
                + " --max-config-size or VIGIL_MAX_CONFIG_SIZE if this is intended");
  }

  @Test
  void aFifoInPlaceOfTheFileIsRefusedWithoutOpeningIt() throws Exception {
    startWith("checks:\n  - { name: a, type: ok }\n");
    Path file = dir.resolve("vigil.yaml");
    Files.delete(file);
    Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mkfifo.exitValue()).isZero();
    // Opening a FIFO for reading blocks until a writer comes: the reload must not.
    ReloadOutcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(10), live::reload);
    assertThat(outcome.applied()).isFalse();
    assertThat(outcome.problems())
        .containsExactly(file + ": is a FIFO (named pipe), not a regular file; refusing to read");
  }

  @Test
  void aDirectoryInPlaceOfTheFileIsRefused() throws Exception {
    startWith("checks:\n  - { name: a, type: ok }\n");
    Path file = dir.resolve("vigil.yaml");
    Files.delete(file);
    Files.createDirectory(file);
    assertThat(live.reload().problems())
        .containsExactly(file + ": is a directory, not a regular file; refusing to read");
  }

  @Test
  void serverSettingsThatNeedARestartRejectTheReload() throws Exception {
    startWith("server: { port: 8080 }\nchecks:\n  - { name: a, type: ok }\n");
    write(
        """
        server: { port: 9090, token: t0ken-value, allowAnonymous: true }
        checks:
          - { name: a, type: ok }
          - { name: b, type: ok }
        """);
    ReloadOutcome outcome = live.reload();
    assertThat(outcome.applied()).isFalse();
    assertThat(outcome.problems())
        .containsExactly(
            "server.port: changed from 8080 to 9090, but the agent cannot rebind while it runs;"
                + " restart the agent to change it",
            "server.token: set or changed, but the token in force cannot change while the agent"
                + " runs; restart the agent to change it",
            "server.allowAnonymous: changed to true, but access rules cannot change while the"
                + " agent runs; restart the agent to change it");
    assertThat(live.current().server().token()).isEmpty();
    assertThat(monitor.snapshot().checks()).containsOnlyKeys("a");
  }

  @Test
  void otherServerSettingsApplyAfterARestartWithAWarning() throws Exception {
    startWith("server: { port: 8080 }\nchecks:\n  - { name: a, type: ok }\n");
    write(
        "server: { port: 8080, drain: 5s }\nnode: { id: n2 }\nchecks:\n  - { name: a, type: ok }\n");
    ReloadOutcome outcome = live.reload();
    assertThat(outcome.applied()).isTrue();
    assertThat(outcome.warnings())
        .containsExactly(
            "server.drain: the change takes effect after a restart",
            "node.id: the change takes effect after a restart");
  }
}
