package io.vigil.recovery;

import io.vigil.core.Durations;
import io.vigil.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and supervises child processes, like Monit or supervisord: argv (never a shell), working
 * directory, environment, stdout and stderr appended to log files, a pid file. It does not restart
 * by itself: restarts are recovery actions, so budgets and breakers apply to them. It sees a
 * program's exit at once and tells its {@link #onExit listeners} (the {@link Healer} restarts it).
 *
 * <p>A copy left running by an earlier agent (killed with {@code kill -9}) is adopted when its pid
 * file, start time and command line all match, and stopped first when only its command line
 * changed; a pid now used by another process is neither adopted nor killed.
 */
public final class Supervisor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

  /**
   * A program to supervise.
   *
   * @param name its name, used in actions ({@code program: demo}) and file names
   * @param command the program and its arguments
   * @param directory its working directory, if not the agent's
   * @param environment variables set for it
   * @param envAllow variables passed on from the agent's environment
   * @param stopGrace how long a stop or restart waits after SIGTERM before SIGKILL (0: at once)
   */
  public record Program(
      String name,
      List<String> command,
      Optional<Path> directory,
      Map<String, String> environment,
      List<String> envAllow,
      Duration stopGrace) {

    /** Default {@code stopGrace}. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(2);

    /** Copies the collections; the grace must not be negative. */
    public Program {
      command = List.copyOf(command);
      environment = Map.copyOf(environment);
      envAllow = List.copyOf(envAllow);
      Objects.requireNonNull(stopGrace, "stopGrace");
      if (stopGrace.isNegative()) {
        throw new IllegalArgumentException(
            "stopGrace must not be negative, but was " + Durations.format(stopGrace));
      }
    }

    /** A program with the default stop grace (2 s). */
    public Program(
        String name,
        List<String> command,
        Optional<Path> directory,
        Map<String, String> environment,
        List<String> envAllow) {
      this(name, command, directory, environment, envAllow, DEFAULT_STOP_GRACE);
    }
  }

  /**
   * A program ended without being stopped.
   *
   * @param program its name
   * @param pid the process that ended
   * @param how in words, e.g. {@code exit code 137}
   */
  public record Exit(String program, long pid, String how) {}

  /** A running copy: our child, or one adopted from an earlier agent. */
  private record Copy(ProcessHandle handle, Optional<Process> child) {}

  private final Path dir;
  private final ProgramFiles files;
  private final Map<String, Program> programs = new LinkedHashMap<>();
  private final Map<String, Copy> running = new LinkedHashMap<>();
  private final List<Consumer<Exit>> listeners = new CopyOnWriteArrayList<>();

  /** Keeps logs and pid files in {@code dir}. */
  public Supervisor(Path dir) {
    this.dir = dir;
    this.files = new ProgramFiles(dir);
  }

  /**
   * Receives the exit of every program that ended without being stopped, on a thread of its own.
   */
  public void onExit(Consumer<Exit> listener) {
    listeners.add(listener);
  }

  /**
   * Starts a program (stopping an earlier instance of the same name first), or adopts the copy an
   * earlier agent left running.
   */
  public synchronized void start(Program program) throws IOException {
    if (!register(program)) {
      launch(program);
    }
  }

  /**
   * Knows a program without starting it (a quarantined one at boot); adopts the copy an earlier
   * agent left running, if any. {@link #restart} starts it.
   *
   * @return whether a running copy was adopted
   */
  public synchronized boolean register(Program program) {
    stop(program.name(), program.stopGrace());
    programs.put(program.name(), program);
    return adopt(program);
  }

  private boolean adopt(Program program) {
    String name = program.name();
    switch (files.leftover(name, program.command())) {
      case ProgramFiles.Leftover.None n -> {}
      case ProgramFiles.Leftover.Reused r ->
          LOG.warn(
              "event=stale_pid_file program={} pid={} reason=\"pid now used by another process\"",
              name,
              r.pid());
      case ProgramFiles.Leftover.Changed c -> {
        LOG.info("event=program_stopped_leftover program={} pid={}", name, c.handle().pid());
        Orphan.killGroup(c.handle(), program.stopGrace());
      }
      case ProgramFiles.Leftover.Ours o -> {
        Copy copy = new Copy(o.handle(), Optional.empty());
        running.put(name, copy);
        Thread.ofVirtual().name("vigil-adopted-" + name).start(() -> watchOrphan(name, copy));
        LOG.info("event=program_adopted program={} pid={}", name, o.handle().pid());
        return true;
      }
    }
    files.delete(name);
    return false;
  }

  private void watchOrphan(String name, Copy copy) {
    try {
      Orphan.awaitExit(copy.handle());
    } catch (InterruptedException e) {
      return; // stopped
    }
    exited(name, copy, "exited (adopted: exit code unknown)");
  }

  private void launch(Program program) throws IOException {
    Files.createDirectories(dir);
    List<String> command = new ArrayList<>(ProcessRunner.groupPrefix());
    command.addAll(program.command());
    ProcessBuilder pb = new ProcessBuilder(command);
    program.directory().ifPresent(d -> pb.directory(d.toFile()));
    Map<String, String> env = pb.environment();
    Map<String, String> inherited = new LinkedHashMap<>(env);
    env.clear();
    program
        .envAllow()
        .forEach(n -> Optional.ofNullable(inherited.get(n)).ifPresent(v -> env.put(n, v)));
    env.putAll(program.environment());
    pb.redirectOutput(
        ProcessBuilder.Redirect.appendTo(dir.resolve(program.name() + ".out").toFile()));
    pb.redirectError(
        ProcessBuilder.Redirect.appendTo(dir.resolve(program.name() + ".err").toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process = pb.start();
    Copy copy = new Copy(process.toHandle(), Optional.of(process));
    running.put(program.name(), copy);
    files.write(program.name(), process.toHandle());
    process
        .onExit()
        .thenAccept(
            p ->
                Thread.ofVirtual()
                    .start(() -> exited(program.name(), copy, "exit code " + p.exitValue())));
    LOG.info("event=program_started program={} pid={}", program.name(), process.pid());
  }

  /** A copy ended: tells the listeners, unless it was stopped or replaced meanwhile. */
  private void exited(String name, Copy copy, String how) {
    synchronized (this) {
      if (running.get(name) != copy) {
        return; // stopped by us, or replaced
      }
    }
    // Left in place: a restart still stops what remains of its process group.
    LOG.warn("event=program_exited program={} pid={} how=\"{}\"", name, copy.handle().pid(), how);
    Exit exit = new Exit(name, copy.handle().pid(), how);
    for (Consumer<Exit> listener : listeners) {
      try {
        listener.accept(exit);
      } catch (RuntimeException e) {
        LOG.warn("event=exit_listener_failed program={} error=\"{}\"", name, e.toString());
      }
    }
  }

  /** Stops and starts a supervised program again (SIGKILL after the program's stop grace). */
  public synchronized void restart(String name) throws IOException {
    Program program = programs.get(name);
    if (program == null) {
      throw new IllegalArgumentException("no supervised program named '" + name + "'");
    }
    stop(name, program.stopGrace());
    if (Thread.currentThread().isInterrupted()) {
      // The healer gave up on this action (timeout, shutdown): do not start a copy behind its back.
      throw new IOException("interrupted before " + name + " was started again");
    }
    launch(program);
  }

  /** SIGTERM to the program's process group, SIGKILL after {@code grace} (0: at once). */
  public synchronized void stop(String name, Duration grace) {
    Copy copy = running.remove(name);
    if (copy == null) {
      return;
    }
    // An exited program with nothing left in its process group needs no signal (saves two forks).
    boolean left = copy.handle().isAlive() || Orphan.groupHasMembers(copy.handle().pid());
    if (left && copy.child().isPresent()) {
      ProcessRunner.killGroup(copy.child().get(), grace);
    } else if (left) {
      Orphan.killGroup(copy.handle(), grace);
    }
    files.delete(name);
    LOG.info("event=program_stopped program={} pid={}", name, copy.handle().pid());
  }

  /** The running process of a program. */
  public synchronized Optional<ProcessHandle> handle(String name) {
    Copy copy = running.get(name);
    return copy != null && copy.handle().isAlive() ? Optional.of(copy.handle()) : Optional.empty();
  }

  /** Whether the program is known to this supervisor. */
  public synchronized boolean supervises(String name) {
    return programs.containsKey(name);
  }

  /** Where the program's pid is written. */
  public Path pidFile(String name) {
    return files.pidFile(name);
  }

  /** Stops every program, each with its own stop grace. */
  @Override
  public synchronized void close() {
    for (String name : List.copyOf(running.keySet())) {
      Program program = programs.get(name);
      stop(name, program == null ? Program.DEFAULT_STOP_GRACE : program.stopGrace());
    }
  }
}
