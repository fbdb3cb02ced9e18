package io.vigil.recovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervised program's files: {@code NAME.pid} (the pid alone, for {@code process} checks) and
 * {@code NAME.proc} (pid and start time), which let a restarted agent recognise the copy an earlier
 * agent left running. A process is only ever taken for that copy when its pid, its start time (a
 * reused pid has another) and its command line ({@code /proc/PID/cmdline}: the same arguments and
 * program name) all match.
 */
final class ProgramFiles {

  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

  /** What a previous run left behind, judged. */
  sealed interface Leftover {
    /** Nothing (no file, or its process is gone). */
    record None() implements Leftover {}

    /** The pid now belongs to another process (another start time): neither adopt nor kill. */
    record Reused(long pid) implements Leftover {}

    /** Our copy, running the program's command line: adopt it. */
    record Ours(ProcessHandle handle) implements Leftover {}

    /** Our copy (same pid and start time) with another command line: stop it, start anew. */
    record Changed(ProcessHandle handle, List<String> commandLine) implements Leftover {}
  }

  private final Path dir;

  ProgramFiles(Path dir) {
    this.dir = dir;
  }

  Path pidFile(String name) {
    return dir.resolve(name + ".pid");
  }

  private Path procFile(String name) {
    return dir.resolve(name + ".proc");
  }

  /** Records a started (or adopted) process. */
  void write(String name, ProcessHandle handle) throws IOException {
    Files.createDirectories(dir);
    long start = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    Files.writeString(procFile(name), handle.pid() + " " + start + "\n");
    Files.writeString(pidFile(name), handle.pid() + "\n");
  }

  /** Forgets a stopped program, so no later agent takes another process for it. */
  void delete(String name) {
    try {
      Files.deleteIfExists(procFile(name));
      Files.deleteIfExists(pidFile(name));
    } catch (IOException e) {
      LOG.warn("event=program_files_not_deleted program={} error=\"{}\"", name, e.getMessage());
    }
  }

  /** What the files of {@code name} say is still running, verified through {@code /proc}. */
  Leftover leftover(String name, List<String> command) {
    Path proc = procFile(name);
    String[] saved;
    try {
      if (!Files.isRegularFile(proc) || Files.size(proc) > 100) {
        return new Leftover.None();
      }
      saved = Files.readString(proc).strip().split(" ");
    } catch (IOException e) {
      return new Leftover.None();
    }
    long pid;
    long start;
    try {
      pid = Long.parseLong(saved[0]);
      start = Long.parseLong(saved[1]);
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return new Leftover.None();
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (handle.isEmpty()) {
      return new Leftover.None();
    }
    Optional<Long> started = handle.get().info().startInstant().map(Instant::toEpochMilli);
    if (start == 0 || started.isEmpty() || started.get() != start) {
      return new Leftover.Reused(pid);
    }
    Optional<List<String>> cmdline = commandLine(pid);
    if (cmdline.isEmpty()) {
      return new Leftover.Reused(pid); // cannot verify: leave it alone
    }
    return sameCommand(cmdline.get(), command)
        ? new Leftover.Ours(handle.get())
        : new Leftover.Changed(handle.get(), cmdline.get());
  }

  /**
   * The same arguments, and a program of the same name: a launcher such as pyenv's {@code python3}
   * shim execs the real program under its full path.
   */
  static boolean sameCommand(List<String> cmdline, List<String> command) {
    return cmdline.size() == command.size()
        && !command.isEmpty()
        && cmdline.subList(1, cmdline.size()).equals(command.subList(1, command.size()))
        && baseName(cmdline.get(0)).equals(baseName(command.get(0)));
  }

  private static String baseName(String program) {
    return program.substring(program.lastIndexOf('/') + 1);
  }

  /** The process's argv from {@code /proc/PID/cmdline}. */
  static Optional<List<String>> commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"));
      String text = new String(raw, StandardCharsets.UTF_8);
      if (text.endsWith("\0")) {
        text = text.substring(0, text.length() - 1);
      }
      return text.isEmpty() ? Optional.empty() : Optional.of(Arrays.asList(text.split("\0", -1)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
