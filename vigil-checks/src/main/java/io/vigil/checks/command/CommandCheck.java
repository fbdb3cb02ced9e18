package io.vigil.checks.command;

import io.vigil.core.CheckContext;
import io.vigil.core.Durations;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import io.vigil.core.Status;
import io.vigil.process.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a script or Nagios plugin from an argv list (never through a shell) and judges it the Nagios
 * way: exit code 0/1/2/3 is OK/WARNING/CRITICAL/UNKNOWN, the first output line is the message,
 * performance data after {@code |} becomes details. The command runs in its own process group; at
 * the timeout the whole group gets SIGTERM, then SIGKILL, and on Linux every process carrying the
 * run's {@code VIGIL_RUN} marker is killed too, so no grandchild survives, even one that left the
 * group. The values of the command's secret-looking variables ({@code DB_PASSWORD}, {@code
 * API_TOKEN}) are masked wherever its output is shown.
 */
public final class CommandCheck implements HealthCheck {

  /** Environment variables passed on when no allowlist is given: {@link ProcessRunner}'s. */
  public static final List<String> DEFAULT_ENV = ProcessRunner.DEFAULT_ENV_ALLOW;

  private final List<String> argv;
  private final Map<String, String> environment;
  private final List<String> allowEnv;
  private final Optional<Path> directory;
  private final SecretValues secrets;

  /**
   * @param argv the program and its arguments
   * @param environment variables set for the command
   * @param allowEnv variables passed on from the agent's environment
   * @param directory the working directory, if not the agent's
   */
  public CommandCheck(
      List<String> argv,
      Map<String, String> environment,
      List<String> allowEnv,
      Optional<Path> directory) {
    this.argv = List.copyOf(argv);
    this.environment = Map.copyOf(environment);
    this.allowEnv = List.copyOf(allowEnv);
    this.directory = directory;
    this.secrets = SecretValues.of(this.argv, this.environment, this.allowEnv, System.getenv());
  }

  @Override
  public Result check(CheckContext ctx) throws InterruptedException {
    String shown = Secrets.maskArgv(argv);
    String timedOut = "timed out after " + Durations.format(ctx.spec().timeout()) + ": " + shown;
    if (ctx.isExpired()) {
      return Result.critical(timedOut + " (no time left to start it)").withDetail("command", shown);
    }
    ProcessRunner.Outcome outcome =
        ProcessRunner.run(argv, environment, allowEnv, directory, ownBudget(ctx.remaining()));
    return switch (outcome) {
      case ProcessRunner.Outcome.NotStarted n ->
          Result.unknown("cannot run " + Secrets.maskText(argv.get(0)) + ": " + n.reason())
              .withDetail("command", shown);
      case ProcessRunner.Outcome.TimedOut t -> timedOut(timedOut, t.escaped(), shown);
      case ProcessRunner.Outcome.Exited e -> judge(e.exitCode(), secrets.mask(e.output()), shown);
    };
  }

  private static Result timedOut(String message, int escaped, String shown) {
    if (escaped == 0) {
      return Result.critical(message + " (process group killed)").withDetail("command", shown);
    }
    return Result.critical(
            message
                + " (process group killed; "
                + (escaped == 1 ? "1 process" : escaped + " processes")
                + " that had left the group found by "
                + ProcessRunner.RUN_MARKER
                + " and killed)")
        .withDetail("command", shown)
        .withDetail("escaped_killed", escaped);
  }

  /** Stop before the engine's deadline so there is time to kill the group and report. */
  private static Duration ownBudget(Duration remaining) {
    Duration reserve = ProcessRunner.TERM_GRACE.plusMillis(200);
    return remaining.compareTo(reserve.multipliedBy(2)) > 0
        ? remaining.minus(reserve)
        : remaining.dividedBy(2);
  }

  static Result judge(int exitCode, String output, String shown) {
    Status status = Status.fromExitCode(exitCode);
    String[] lines = output.strip().split("\\R", -1);
    String first = lines.length > 0 ? lines[0] : "";
    StringBuilder perf = new StringBuilder();
    String message = first;
    int bar = first.indexOf('|');
    if (bar >= 0) {
      message = first.substring(0, bar).strip();
      perf.append(first.substring(bar + 1)).append(' ');
    }
    List<String> longText = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int b = line.indexOf('|');
      if (b >= 0) {
        longText.add(line.substring(0, b));
        perf.append(line.substring(b + 1)).append(' ');
      } else {
        longText.add(line);
      }
    }
    if (message.isBlank()) {
      message = shown + " exited with " + exitCode + " and no output";
    }
    Result result =
        Result.of(status, Secrets.maskText(message))
            .withDetail("exit_code", exitCode)
            .withDetail("command", shown);
    Map<String, Map<String, Object>> perfdata = Perfdata.parse(perf.toString());
    if (!perfdata.isEmpty()) {
      result = result.withDetail("perfdata", perfdata);
    }
    String more = String.join("\n", longText).strip();
    if (!more.isEmpty()) {
      result = result.withDetail("long_output", Secrets.maskText(more));
    }
    if (exitCode > 3 || exitCode < 0) {
      result = result.withMessage(Secrets.maskText(message) + " (exit code " + exitCode + ")");
    }
    return result;
  }
}
