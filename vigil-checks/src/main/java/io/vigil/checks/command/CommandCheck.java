package io.vigil.checks.command;

import io.vigil.core.CheckContext;
import io.vigil.core.Durations;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import io.vigil.core.Status;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script or Nagios plugin from an argv list (never through a shell) and judges it the Nagios
 * way: exit code 0/1/2/3 is OK/WARNING/CRITICAL/UNKNOWN, the first output line is the message,
 * performance data after {@code |} becomes details. The command runs in its own process group; at
 * the timeout the whole group gets SIGTERM, then SIGKILL, so no grandchild survives.
 */
public final class CommandCheck implements HealthCheck {

  /** Environment variables passed on when no allowlist is given. */
  public static final List<String> DEFAULT_ENV = List.of("PATH", "LANG", "LC_ALL", "TZ");

  private static final int MAX_OUTPUT = 64 * 1024;
  private static final Duration TERM_GRACE = Duration.ofMillis(500);
  private static final Optional<String> SETSID = find("setsid");

  private final List<String> argv;
  private final Map<String, String> environment;
  private final List<String> allowEnv;
  private final Optional<Path> directory;

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
  }

  @Override
  public Result check(CheckContext ctx) throws InterruptedException {
    List<String> command = new ArrayList<>();
    SETSID.ifPresent(command::add);
    command.addAll(argv);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    directory.ifPresent(d -> pb.directory(d.toFile()));
    Map<String, String> env = pb.environment();
    Map<String, String> inherited = new LinkedHashMap<>(env);
    env.clear();
    allowEnv.forEach(
        name -> Optional.ofNullable(inherited.get(name)).ifPresent(v -> env.put(name, v)));
    env.putAll(environment);
    String shown = Secrets.maskText(String.join(" ", argv));
    if (!executable(argv.get(0), env.getOrDefault("PATH", ""))) {
      return Result.unknown("cannot run " + Secrets.maskText(argv.get(0)) + ": no such executable")
          .withDetail("command", shown);
    }
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return Result.unknown("cannot run " + shown + ": " + e.getMessage());
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread reader = Thread.ofVirtual().start(() -> drain(process.getInputStream(), output));
    try {
      Duration budget = ownBudget(ctx.remaining());
      if (!process.waitFor(budget.toNanos(), TimeUnit.NANOSECONDS)) {
        killGroup(process, TERM_GRACE);
        return Result.critical(
                "timed out after "
                    + Durations.format(budget)
                    + ": "
                    + shown
                    + " (process group killed)")
            .withDetail("command", shown);
      }
      reader.join(Duration.ofSeconds(1));
      return judge(process.exitValue(), output.toString(StandardCharsets.UTF_8), shown);
    } finally {
      if (process.isAlive() || hasDescendants(process)) {
        // Interrupted by the engine's deadline, or children left behind: no grace left.
        killGroup(process, Duration.ZERO);
      }
    }
  }

  /** Stop before the engine's deadline so there is time to kill the group and report. */
  private static Duration ownBudget(Duration remaining) {
    Duration reserve = TERM_GRACE.plusMillis(200);
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

  /** SIGTERM to the process group, then SIGKILL after {@code grace}; waits for the leader. */
  static void killGroup(Process process, Duration grace) {
    boolean interrupted = Thread.interrupted();
    try {
      List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
      family.add(process.toHandle());
      signalGroup(process.pid(), "-TERM");
      family.forEach(ProcessHandle::destroy);
      if (!grace.isZero()) {
        process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
      signalGroup(process.pid(), "-KILL");
      family.forEach(ProcessHandle::destroyForcibly);
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void signalGroup(long pgid, String signal) throws InterruptedException {
    if (SETSID.isEmpty()) {
      return;
    }
    try {
      new ProcessBuilder("kill", signal, "--", "-" + pgid)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(2, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no kill(1): the handles above still get the signal
    }
  }

  private static boolean executable(String program, String path) {
    if (program.contains("/")) {
      return Files.isExecutable(Path.of(program));
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasDescendants(Process process) {
    return process.descendants().anyMatch(ProcessHandle::isAlive);
  }

  private static void drain(InputStream in, ByteArrayOutputStream out) {
    byte[] buf = new byte[4096];
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (out) {
          if (out.size() < MAX_OUTPUT) {
            out.write(buf, 0, Math.min(n, MAX_OUTPUT - out.size()));
          }
        }
      }
    } catch (IOException e) {
      // the process ended or was killed
    }
  }

  private static Optional<String> find(String tool) {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return Optional.of(p.toString());
      }
    }
    return Optional.empty();
  }
}
