package io.vigil.recovery;

import io.vigil.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and supervises child processes, like Monit or supervisord: argv (never a shell), working
 * directory, environment, stdout and stderr appended to log files, a pid file. It does not restart
 * by itself: restarts are recovery actions, so budgets and breakers apply to them.
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
   */
  public record Program(
      String name,
      List<String> command,
      Optional<Path> directory,
      Map<String, String> environment,
      List<String> envAllow) {

    /** Copies the collections. */
    public Program {
      command = List.copyOf(command);
      environment = Map.copyOf(environment);
      envAllow = List.copyOf(envAllow);
    }
  }

  private final Path dir;
  private final Map<String, Program> programs = new LinkedHashMap<>();
  private final Map<String, Process> processes = new LinkedHashMap<>();

  /** Keeps logs and pid files in {@code dir}. */
  public Supervisor(Path dir) {
    this.dir = dir;
  }

  /** Starts a program (stopping an earlier instance of the same name first). */
  public synchronized void start(Program program) throws IOException {
    stop(program.name(), Duration.ofSeconds(2));
    programs.put(program.name(), program);
    launch(program);
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
    processes.put(program.name(), process);
    Files.writeString(pidFile(program.name()), process.pid() + "\n");
    LOG.info("event=program_started program={} pid={}", program.name(), process.pid());
  }

  /** Stops and starts a supervised program again. */
  public synchronized void restart(String name) throws IOException {
    Program program = programs.get(name);
    if (program == null) {
      throw new IllegalArgumentException("no supervised program named '" + name + "'");
    }
    stop(name, Duration.ofSeconds(2));
    if (Thread.currentThread().isInterrupted()) {
      // The healer gave up on this action (timeout, shutdown): do not start a copy behind its back.
      throw new IOException("interrupted before " + name + " was started again");
    }
    launch(program);
  }

  /** SIGTERM to the program's process group, SIGKILL after {@code grace}. */
  public synchronized void stop(String name, Duration grace) {
    Process process = processes.remove(name);
    if (process != null) {
      ProcessRunner.killGroup(process, grace);
      LOG.info("event=program_stopped program={} pid={}", name, process.pid());
    }
  }

  /** The running process of a program. */
  public synchronized Optional<ProcessHandle> handle(String name) {
    Process p = processes.get(name);
    return p != null && p.isAlive() ? Optional.of(p.toHandle()) : Optional.empty();
  }

  /** Whether the program is known to this supervisor. */
  public synchronized boolean supervises(String name) {
    return programs.containsKey(name);
  }

  /** Where the program's pid is written. */
  public Path pidFile(String name) {
    return dir.resolve(name + ".pid");
  }

  /** Stops every program. */
  @Override
  public synchronized void close() {
    for (String name : List.copyOf(processes.keySet())) {
      stop(name, Duration.ofSeconds(2));
    }
  }
}
