package io.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Real scripts that try to outlive their run; /proc tells whether any did. */
@EnabledOnOs(OS.LINUX)
class ProcessRunnerLeftoversTest {

  @TempDir Path dir;

  /** Every live (not zombie) process whose environment has {@code TAG=tag}. */
  private static List<Long> carrying(String tag) throws IOException {
    byte[] needle = ("TAG=" + tag).getBytes(StandardCharsets.UTF_8);
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path entry : entries) {
        try {
          String env =
              new String(Files.readAllBytes(entry.resolve("environ")), StandardCharsets.UTF_8);
          String stat = Files.readString(entry.resolve("stat"));
          boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
          if (!zombie && env.contains(new String(needle, StandardCharsets.UTF_8))) {
            found.add(Long.parseLong(entry.getFileName().toString()));
          }
        } catch (IOException e) {
          // gone meanwhile
        }
      }
    }
    return found;
  }

  @Test
  @Timeout(60)
  void noDescendantSurvivesATimeoutEvenAfterSetsidAndADoubleFork() throws Exception {
    String tag = UUID.randomUUID().toString();
    List<Callable<ProcessRunner.Outcome>> runs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Path ready = dir.resolve("ready-" + i);
      // The grandchild leaves the group and the session (setsid) and is orphaned (double fork);
      // the script waits until it runs, then hangs past its timeout.
      String script =
          "setsid sh -c 'sleep 1000 & echo $! > "
              + ready
              + "'; while [ ! -s "
              + ready
              + " ]; do sleep 0.05; done; sleep 1000";
      runs.add(
          () ->
              ProcessRunner.run(
                  List.of("sh", "-c", script),
                  Map.of("TAG", tag),
                  ProcessRunner.DEFAULT_ENV_ALLOW,
                  Optional.empty(),
                  Duration.ofSeconds(3)));
    }
    List<ProcessRunner.Outcome> outcomes = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<ProcessRunner.Outcome> f : pool.invokeAll(runs)) {
        outcomes.add(f.get());
      }
    }
    for (int i = 0; i < 10; i++) {
      assertThat(dir.resolve("ready-" + i))
          .as("the grandchild of run %d started", i)
          .isNotEmptyFile();
    }
    assertThat(outcomes)
        .allSatisfy(o -> assertThat(o).isInstanceOf(ProcessRunner.Outcome.TimedOut.class));
    // Each run found its grandchild outside the group; sometimes also the short-lived setsid shell
    // between it and the script, if it had not exited yet.
    assertThat(outcomes)
        .as("grandchildren found outside the group")
        .allSatisfy(o -> assertThat(((ProcessRunner.Outcome.TimedOut) o).escaped()).isPositive());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(carrying(tag)).isEmpty());
  }

  @Test
  @Timeout(30)
  void anExitWhileABackgroundChildHoldsStdoutIsTheRealExit() throws Exception {
    String tag = UUID.randomUUID().toString();
    long t0 = System.nanoTime();
    ProcessRunner.Outcome outcome =
        ProcessRunner.run(
            List.of("sh", "-c", "echo ready; sleep 1000 & exit 4"),
            Map.of("TAG", tag),
            ProcessRunner.DEFAULT_ENV_ALLOW,
            Optional.empty(),
            Duration.ofSeconds(20));
    assertThat(outcome).isEqualTo(new ProcessRunner.Outcome.Exited(4, "ready\n"));
    // Not held until the background child ends, nor for a fixed second after the exit: the
    // command check's budget keeps 0.7 s for this.
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(carrying(tag)).isEmpty());
  }
}
