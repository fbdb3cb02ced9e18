package io.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProcessRunnerTest {

  private static ProcessRunner.Outcome run(List<String> argv, Duration timeout)
      throws InterruptedException {
    return ProcessRunner.run(
        argv, Map.of("EXTRA", "set"), ProcessRunner.DEFAULT_ENV_ALLOW, Optional.empty(), timeout);
  }

  @Test
  void exitCodeAndOutputAreReported() throws Exception {
    assertThat(run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10)))
        .isEqualTo(new ProcessRunner.Outcome.Exited(3, "out\nerr\n"));
  }

  @Test
  void argumentsAreNotInterpretedByAShell() throws Exception {
    assertThat(run(List.of("echo", "$HOME;", "`id`"), Duration.ofSeconds(10)))
        .isEqualTo(new ProcessRunner.Outcome.Exited(0, "$HOME; `id`\n"));
  }

  @Test
  void onlyTheDefaultAllowlistAndTheGivenVariablesReachTheProgram() throws Exception {
    ProcessRunner.Outcome outcome = run(List.of("env"), Duration.ofSeconds(10));
    assertThat(outcome).isInstanceOf(ProcessRunner.Outcome.Exited.class);
    List<String> names =
        ((ProcessRunner.Outcome.Exited) outcome)
            .output()
            .lines()
            .map(l -> l.substring(0, l.indexOf('=')))
            .filter(n -> !n.equals("PWD") && !n.equals("SHLVL") && !n.equals("_"))
            .toList();
    assertThat(names).contains("PATH", "EXTRA", ProcessRunner.RUN_MARKER);
    assertThat(ProcessRunner.DEFAULT_ENV_ALLOW)
        .containsAll(
            names.stream()
                .filter(n -> !n.equals("EXTRA") && !n.equals(ProcessRunner.RUN_MARKER))
                .toList());
  }

  @Test
  void aMissingProgramIsNotStarted() throws Exception {
    assertThat(run(List.of("no-such-program-vigil"), Duration.ofSeconds(10)))
        .isInstanceOf(ProcessRunner.Outcome.NotStarted.class);
  }

  @Test
  @Timeout(20)
  void aProgramPastItsTimeoutIsKilledWithItsGroup() throws Exception {
    long t0 = System.nanoTime();
    assertThat(run(List.of("sh", "-c", "sleep 60 & sleep 60"), Duration.ofMillis(300)))
        .isEqualTo(new ProcessRunner.Outcome.TimedOut(Duration.ofMillis(300)));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
  }
}
