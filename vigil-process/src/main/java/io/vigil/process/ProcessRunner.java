package io.vigil.process;

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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program from an argv list (never a shell) in its own process group with a controlled
 * environment, and makes sure nothing outlives it: at the timeout, or when the caller is
 * interrupted, the whole group gets SIGTERM, then SIGKILL. A descendant that left the group ({@code
 * setsid}, a double fork) is found on Linux by the marker variable {@value #RUN_MARKER} that every
 * run sets to a value of its own, and killed too; a program that clears its environment escapes
 * that search. Shared by the command check and the recovery actions.
 */
public final class ProcessRunner {

  /**
   * The environment variables a program gets from the agent when its configuration names none
   * ({@code envAllow}): the search path, the home directory, the locale and the time zone; nothing
   * else leaks (no tokens, no passwords). One default for checks, recovery commands and supervised
   * programs.
   */
  public static final List<String> DEFAULT_ENV_ALLOW =
      List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ");

  /** Time between SIGTERM and SIGKILL at a timeout. */
  public static final Duration TERM_GRACE = Duration.ofMillis(500);

  /**
   * The variable each run sets to a unique value, so that its descendants can be found even when
   * they have left its process group.
   */
  public static final String RUN_MARKER = "VIGIL_RUN";

  /**
   * How long output is still read after the program exited: a background child holding stdout open
   * must not turn an exit into a timeout.
   */
  static final Duration OUTPUT_GRACE = Duration.ofMillis(200);

  private static final int MAX_OUTPUT = 64 * 1024;
  private static final Optional<String> SETSID = find("setsid");

  private ProcessRunner() {}

  /** How a run ended. */
  public sealed interface Outcome {
    /** The program could not be started. */
    record NotStarted(String reason) implements Outcome {}

    /**
     * The program did not finish in time; its group was killed, and {@code escaped} descendants
     * that had left the group were found by their marker and killed.
     */
    record TimedOut(Duration after, int escaped) implements Outcome {
      /** A timeout after which nothing had left the group. */
      public TimedOut(Duration after) {
        this(after, 0);
      }
    }

    /** The program exited; output is stdout and stderr together (at most 64 KiB). */
    record Exited(int exitCode, String output) implements Outcome {}
  }

  /**
   * Runs {@code argv} with only the {@code allowEnv} variables of this process plus {@code
   * environment}, for at most {@code timeout}.
   *
   * @throws InterruptedException when the caller is interrupted (the group is killed first)
   */
  public static Outcome run(
      List<String> argv,
      Map<String, String> environment,
      List<String> allowEnv,
      Optional<Path> directory,
      Duration timeout)
      throws InterruptedException {
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
    String marker = RUN_MARKER + "=" + UUID.randomUUID();
    env.put(RUN_MARKER, marker.substring(RUN_MARKER.length() + 1));
    if (!executable(argv.get(0), env.getOrDefault("PATH", ""), directory)) {
      return new Outcome.NotStarted("no such executable");
    }
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return new Outcome.NotStarted(e.getMessage());
    }
    return await(process, timeout, marker);
  }

  private static Outcome await(Process process, Duration timeout, String marker)
      throws InterruptedException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread reader = Thread.ofVirtual().start(() -> drain(process.getInputStream(), output));
    boolean finished = false;
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        killGroup(process, TERM_GRACE);
        finished = true;
        return new Outcome.TimedOut(timeout, Leftovers.kill(marker, process.pid()));
      }
      // The program exited; a background child may still hold stdout open: read what is there,
      // then stop the leftovers rather than wait for them.
      reader.join(OUTPUT_GRACE);
      if (reader.isAlive()) {
        killGroup(process, Duration.ZERO);
        reader.join(OUTPUT_GRACE);
      }
      finished = true;
      synchronized (output) {
        return new Outcome.Exited(process.exitValue(), output.toString(StandardCharsets.UTF_8));
      }
    } finally {
      if (!finished || process.isAlive()) {
        // Interrupted by the caller's deadline: the same end as a timeout.
        killGroup(process, Duration.ZERO);
        Leftovers.kill(marker, process.pid());
      } else if (SETSID.isPresent()) {
        // Children left behind in the group (a program that exits leaves its background children
        // to init: only the group still finds them). A daemon that left the group on purpose
        // (a recovery command starting a service) is not touched.
        killGroup(process, Duration.ZERO);
      }
    }
  }

  /** SIGTERM to the process group, then SIGKILL after {@code grace}; waits for the leader. */
  public static void killGroup(Process process, Duration grace) {
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
      if (process.isAlive()) {
        process.waitFor(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt(); // the caller must still see it
      }
    }
  }

  /** The argv prefix that starts a program in its own process group (empty without setsid). */
  public static List<String> groupPrefix() {
    return SETSID.map(List::of).orElse(List.of());
  }

  /**
   * Sends {@code signal} (e.g. {@code -TERM}) to the process group {@code pgid} that a program
   * started through {@link #groupPrefix()} leads; nothing where programs get no group of their own.
   */
  public static void signalGroup(long pgid, String signal) throws InterruptedException {
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
      // no kill(1): the handles still get the signal
    }
  }

  private static boolean executable(String program, String path, Optional<Path> directory) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isExecutable(p.isAbsolute() ? p : directory.map(d -> d.resolve(p)).orElse(p));
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
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
