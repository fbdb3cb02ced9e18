package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil run} as a real process: first results logged, SIGTERM stops it with exit 0. */
class AgentProcessTest {

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void logsFirstResultsAndStopsCleanlyOnSigterm() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process agent =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "--disk-path",
                dir.toString())
            .redirectErrorStream(true)
            .start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                      lines.add(line);
                    }
                  } catch (java.io.IOException e) {
                    // the process ended
                  }
                });
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  lines.stream().anyMatch(l -> l.contains("event=first_result check=disk"))
                      && lines.stream()
                          .anyMatch(l -> l.contains("event=first_result check=jvm-heap")));
      agent.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of stdout
      assertThat(agent.waitFor(10, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
      reader.join(Duration.ofSeconds(5));
      assertThat(agent.exitValue()).as("exit code; log:%n%s", String.join("\n", lines)).isZero();
      assertThat(lines).anyMatch(l -> l.contains("event=system_status from=HEALTHY to=STOPPING"));
      assertThat(lines).anyMatch(l -> l.contains("event=stopped"));
    } finally {
      agent.destroyForcibly();
    }
  }
}
