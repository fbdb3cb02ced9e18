package io.vigil.checks.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.checks.CheckSettings;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.TestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real child process, found by PID, pid file and pattern, then killed. */
class ProcessCheckTest {

  @TempDir Path dir;

  private Process child;

  @BeforeEach
  void startChild() throws Exception {
    child = new ProcessBuilder("sleep", "300").start();
  }

  @AfterEach
  void killChild() throws Exception {
    child.destroyForcibly();
    child.waitFor(10, TimeUnit.SECONDS);
  }

  private static Result run(Map<String, Object> settings) throws Exception {
    CheckSettings s = CheckSettings.of(new HashMap<>(settings));
    var check = ProcessCheckTypes.process(s);
    assertThat(s.problems()).isEmpty();
    return check.check(TestContext.standard());
  }

  @Test
  void foundByPidPidFileAndPattern() throws Exception {
    Result byPid = run(Map.of("pid", child.pid()));
    assertThat(byPid.status()).as(byPid.message()).isEqualTo(Status.OK);
    assertThat(byPid.message()).isEqualTo("1 process with PID " + child.pid());
    assertThat(byPid.details()).containsEntry("count", 1).containsKey("processes");

    Path pidFile = dir.resolve("child.pid");
    Files.writeString(pidFile, child.pid() + "\n");
    assertThat(run(Map.of("pidFile", pidFile.toString())).status()).isEqualTo(Status.OK);

    Result byPattern = run(Map.of("pattern", "sleep 300"));
    assertThat(byPattern.status()).isEqualTo(Status.OK);
    assertThat((Integer) byPattern.details().get("count")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void limitsAndDeathAreReported() throws Exception {
    Result tooBig = run(Map.of("pid", child.pid(), "rssWarning", "1", "rssCritical", "2"));
    assertThat(tooBig.status()).isEqualTo(Status.CRITICAL);
    // Human units in the message, the raw number in the details.
    assertThat(tooBig.message()).containsPattern(child.pid() + " rss [0-9.]+ (KiB|MiB|GiB)");
    assertThat(tooBig.message()).doesNotContain("rss bytes");
    assertThat(tooBig.details().get("processes").toString()).contains("rss_bytes=");
    child.destroyForcibly();
    child.waitFor(10, TimeUnit.SECONDS);
    Result gone = run(Map.of("pid", child.pid()));
    assertThat(gone.status()).isEqualTo(Status.CRITICAL);
    assertThat(gone.message()).isEqualTo("no process with PID " + child.pid());
  }

  @Test
  void exactlyOneSelectorIsRequired() {
    CheckSettings s = CheckSettings.of(new HashMap<>(Map.of("pid", 1, "processName", "x")));
    ProcessCheckTypes.process(s);
    assertThat(s.problems())
        .anyMatch(p -> p.contains("give exactly one of pid, pidFile, processName or pattern"));
  }
}
