package io.vigil.checks.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.TestContext;
import io.vigil.core.testing.Tools;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CommandCheckTest {

  private static final String PLUGINS = "/usr/lib/nagios/plugins";

  @TempDir Path dir;

  private static Result run(List<String> argv, Duration timeout) throws InterruptedException {
    return new CommandCheck(argv, Map.of(), CommandCheck.DEFAULT_ENV, Optional.empty())
        .check(TestContext.withTimeout(timeout));
  }

  private Path script(String body) throws Exception {
    Path file = dir.resolve("script-" + UUID.randomUUID() + ".sh");
    Files.writeString(file, "#!/bin/sh\n" + body);
    file.toFile().setExecutable(true);
    return file;
  }

  @Test
  void exitCodesMapToStatusesAndPerfdataToDetails() throws Exception {
    Path plugin =
        script(
            "echo \"DISK WARNING - free space: / 3 GB (10%) | '/'=27GB;28;29;0;30 'time taken'=0.5s\"\n"
                + "echo 'second line | load1=0.5;5;10'\nexit 1\n");
    Result r = run(List.of(plugin.toString()), Duration.ofSeconds(10));
    assertThat(r.status()).isEqualTo(Status.WARNING);
    assertThat(r.message()).isEqualTo("DISK WARNING - free space: / 3 GB (10%)");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> perf =
        (Map<String, Map<String, Object>>) r.details().get("perfdata");
    assertThat(perf.get("/"))
        .containsEntry("value", 27.0)
        .containsEntry("uom", "GB")
        .containsEntry("warn", "28");
    assertThat(perf.get("time taken")).containsEntry("value", 0.5).containsEntry("uom", "s");
    assertThat(perf.get("load1")).containsEntry("crit", "10");
    assertThat(r.details()).containsEntry("long_output", "second line");
    for (int code = 0; code <= 3; code++) {
      assertThat(
              run(List.of(script("echo x; exit " + code).toString()), Duration.ofSeconds(10))
                  .status())
          .isEqualTo(Status.fromExitCode(code));
    }
    assertThat(run(List.of(script("exit 7").toString()), Duration.ofSeconds(10)).status())
        .isEqualTo(Status.UNKNOWN);
  }

  @Test
  void argumentsAreNeverInterpretedByAShell() throws Exception {
    Path marker = dir.resolve("pwned");
    Result r = run(List.of("/bin/echo", "hello; touch " + marker), Duration.ofSeconds(10));
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.message()).isEqualTo("hello; touch " + marker);
    assertThat(marker).doesNotExist();
  }

  @Test
  void onlyAllowedEnvironmentReachesTheCommand() throws Exception {
    Path printer =
        script("echo \"hidden=${VIGIL_TEST_HIDDEN:-none} path=${PATH:+set} extra=$EXTRA\"");
    Result r =
        new CommandCheck(
                List.of(printer.toString()),
                Map.of("EXTRA", "yes"),
                List.of("PATH"),
                Optional.empty())
            .check(TestContext.standard());
    assertThat(r.message()).isEqualTo("hidden=none path=set extra=yes");
  }

  @Test
  void missingProgramIsUnknownWithTheReason() throws Exception {
    Result r = run(List.of(dir.resolve("nope").toString()), Duration.ofSeconds(5));
    assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.message()).isEqualTo("cannot run " + dir.resolve("nope") + ": no such executable");
  }

  @Test
  @Timeout(120)
  void timeoutKillsTheWholeGroupEveryTime() throws Exception {
    String token = "vigil-test-" + UUID.randomUUID();
    Path stubborn =
        script(
            "trap '' TERM\n"
                + "sleep 300 &\n" // a grandchild
                + "echo started\n"
                + "while true; do sleep 1; done\n");
    for (int i = 0; i < 10; i++) {
      long t0 = System.nanoTime();
      Result r = run(List.of(stubborn.toString(), token), Duration.ofMillis(1500));
      assertThat(r.status()).isEqualTo(Status.CRITICAL);
      // The configured timeout, once; not the share of it the command had (19s299ms for 20s).
      assertThat(r.message())
          .isEqualTo(
              "timed out after 1s500ms: " + stubborn + " " + token + " (process group killed)");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(processesMentioning(token)).isEmpty());
    assertThat(processesMentioning("sleep 300").stream().filter(p -> p.contains(token))).isEmpty();
  }

  @Test
  @Timeout(60)
  void backgroundChildrenDoNotOutliveACommandThatExited() throws Exception {
    String token = "vigil-bg-" + UUID.randomUUID();
    Path child = script("while true; do sleep 1; done\n");
    Path leaver = script("\"" + child + "\" \"$1\" &\necho done\nexit 0\n");
    Result r = run(List.of(leaver.toString(), token), Duration.ofSeconds(10));
    assertThat(r.status()).isEqualTo(Status.OK);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(processesMentioning(token)).isEmpty());
  }

  private static List<String> processesMentioning(String text) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
        .filter(line -> line.contains(text))
        .toList();
  }

  @Test
  void realNagiosPlugins() throws Exception {
    Tools.require(PLUGINS + "/check_tcp", "monitoring-plugins-basic");
    try (ServerSocket open = new ServerSocket(0)) {
      Result tcp =
          run(
              List.of(
                  PLUGINS + "/check_tcp",
                  "-H",
                  "127.0.0.1",
                  "-p",
                  String.valueOf(open.getLocalPort())),
              Duration.ofSeconds(10));
      assertThat(tcp.status()).as(tcp.message()).isEqualTo(Status.OK);
      assertThat(tcp.details()).containsKey("perfdata");
    }
    Result disk =
        run(
            List.of(PLUGINS + "/check_disk", "-w", "1%", "-c", "1%", "-p", "/"),
            Duration.ofSeconds(10));
    assertThat(disk.status()).as(disk.message()).isIn(Status.OK, Status.WARNING, Status.CRITICAL);
    assertThat(disk.message()).startsWith("DISK");
    Result load =
        run(
            List.of(PLUGINS + "/check_load", "-w", "1000,1000,1000", "-c", "2000,2000,2000"),
            Duration.ofSeconds(10));
    assertThat(load.status()).as(load.message()).isEqualTo(Status.OK);
    @SuppressWarnings("unchecked")
    Map<String, Object> perf = (Map<String, Object>) load.details().get("perfdata");
    assertThat(perf).containsKey("load1");
    Result refused =
        run(List.of(PLUGINS + "/check_tcp", "-H", "127.0.0.1", "-p", "1"), Duration.ofSeconds(10));
    assertThat(refused.status()).isEqualTo(Status.CRITICAL);
  }
}
