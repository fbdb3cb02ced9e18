package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil run} in-process, for the ways it stops before serving: exit codes and messages. */
class RunCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void checkConfigOfAHugeFileAnswersAtOnceWithTheSizeError() throws Exception {
    Path file = dir.resolve("huge.yaml");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(50L << 20);
    }
    assertThat(run("run", "--check-config", file.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains(file + ": is 52428800 bytes, more than the limit of 4 MB;")
        .contains("--max-config-size or VIGIL_MAX_CONFIG_SIZE");
  }

  @Test
  void theSizeLimitIsSetOnTheCommandLine() throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, "checks:\n  - { name: a, type: fixed }\n" + "#".repeat(200) + "\n");
    assertThat(run("run", "--max-config-size", "100", "--check-config", file.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("more than the limit of 100 bytes");
    assertThat(run("run", "--max-config-size", "1KB", "--check-config", file.toString())).isZero();
    assertThat(out.toString()).contains(file + ": valid, 1 checks");
  }

  @Test
  void aBadSizeLimitIsAnInvalidConfiguration() {
    assertThat(run("run", "--max-config-size", "lots", "--check-config", "x.yaml")).isEqualTo(2);
    assertThat(err.toString())
        .contains("vigil: --max-config-size: must be a size such as 512MB, 1GiB or 2048");
  }

  @Test
  void theEnvironmentGivesTheSizeLimitWhenTheFlagDoesNot() {
    RunCommand command = new RunCommand();
    assertThat(command.maxFileSize(null)).isEqualTo(4L << 20);
    assertThat(command.maxFileSize("8MB")).isEqualTo(8L << 20);
    command.maxConfigSize = "1KB";
    assertThat(command.maxFileSize("8MB")).isEqualTo(1024);
  }

  @Test
  void anUnsafeBindIsRefusedWithExitOneBeforeAnythingStarts() throws Exception {
    Path program = dir.resolve("program-started");
    Path check = dir.resolve("check-ran");
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(
        file,
        """
        supervise:
          - { name: p, command: [touch, "%s"] }
        checks:
          - { name: c, type: command, command: [touch, "%s"] }
        """
            .formatted(program, check));
    assertThat(run("run", "--config", file.toString(), "--host", "0.0.0.0", "--port", "0"))
        .isEqualTo(1);
    assertThat(err.toString())
        .contains(
            "vigil: server.host: refusing to serve health details on 0.0.0.0 without a token");
    assertThat(program).doesNotExist();
    assertThat(check).doesNotExist();
  }

  @Test
  void helpDocumentsTheExitCodes() {
    assertThat(run("run", "--help")).isZero();
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("Exit codes: 0 stopped cleanly; 1 could not start")
        .contains("a non-loopback address without a token: refused before any check runs")
        .contains("2 invalid configuration");
  }
}
