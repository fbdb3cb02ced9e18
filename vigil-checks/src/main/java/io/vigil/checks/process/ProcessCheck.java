package io.vigil.checks.process;

import io.vigil.checks.Thresholds;
import io.vigil.checks.system.Oshi;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Processes found by PID, pid file, name or command-line pattern: alive (and how many), not
 * zombies, and their CPU, resident memory, open files and threads against optional thresholds.
 */
public final class ProcessCheck implements HealthCheck {

  /** How the processes are found. */
  public sealed interface Selector {
    /** A fixed PID. */
    record Pid(int pid) implements Selector {}

    /** The PID written in a file. */
    record PidFile(Path file) implements Selector {}

    /** The executable's name, exactly. */
    record Name(String name) implements Selector {}

    /** A regular expression found in the full command line. */
    record CommandPattern(Pattern pattern) implements Selector {}
  }

  /** Optional limits; each applies to every matched process. */
  public record Limits(
      int minCount,
      Optional<Thresholds> cpuPercent,
      Optional<Thresholds> rssBytes,
      Optional<Thresholds> openFiles,
      Optional<Thresholds> threads) {}

  private final Selector selector;
  private final Limits limits;
  private final Map<Integer, OSProcess> previous = new ConcurrentHashMap<>();

  /** Watches the processes {@code selector} finds. */
  public ProcessCheck(Selector selector, Limits limits) {
    this.selector = selector;
    this.limits = limits;
  }

  @Override
  public Result check(CheckContext ctx) {
    OperatingSystem os = Oshi.get().getOperatingSystem();
    List<OSProcess> found;
    try {
      found = find(os);
    } catch (IOException | NumberFormatException e) {
      return Result.critical("cannot read the pid file: " + e.getMessage());
    }
    String what = describe(selector);
    if (found.size() < limits.minCount()) {
      return Result.critical(
              found.isEmpty()
                  ? "no process " + what
                  : found.size()
                      + " processes "
                      + what
                      + ", expected at least "
                      + limits.minCount())
          .withDetail("count", found.size());
    }
    previous.keySet().retainAll(found.stream().map(OSProcess::getProcessID).toList());
    Status status = Status.OK;
    List<String> notes = new ArrayList<>();
    List<Map<String, Object>> details = new ArrayList<>();
    for (OSProcess p : found) {
      if (p.getState() == OSProcess.State.ZOMBIE) {
        status = Status.CRITICAL;
        notes.add(p.getProcessID() + " is a zombie");
      }
      OSProcess before = previous.put(p.getProcessID(), p);
      double cpu =
          100
              * (before == null
                  ? p.getProcessCpuLoadCumulative()
                  : p.getProcessCpuLoadBetweenTicks(before));
      long rss = p.getResidentSetSize();
      long files = p.getOpenFiles();
      int threads = p.getThreadCount();
      status = status.worse(judge(limits.cpuPercent(), cpu, p, "cpu %", notes));
      status = status.worse(judge(limits.rssBytes(), rss, p, "rss bytes", notes));
      status = status.worse(judge(limits.openFiles(), files, p, "open files", notes));
      status = status.worse(judge(limits.threads(), threads, p, "threads", notes));
      details.add(
          Map.of(
              "pid",
              p.getProcessID(),
              "name",
              p.getName(),
              "state",
              p.getState().name().toLowerCase(Locale.ROOT),
              "cpu_percent",
              Math.round(cpu * 10) / 10.0,
              "rss_bytes",
              rss,
              "open_files",
              files,
              "threads",
              threads));
    }
    String message =
        found.size()
            + (found.size() == 1 ? " process " : " processes ")
            + what
            + (notes.isEmpty() ? "" : ": " + String.join(", ", notes));
    return Result.of(status, message)
        .withDetail("count", found.size())
        .withDetail("processes", details);
  }

  private static Status judge(
      Optional<Thresholds> t, double value, OSProcess p, String what, List<String> notes) {
    if (t.isEmpty()) {
      return Status.OK;
    }
    Status s = t.get().judge(value);
    if (s != Status.OK) {
      notes.add(
          p.getProcessID() + " " + what + " " + Thresholds.format(Math.round(value * 10) / 10.0));
    }
    return s;
  }

  private List<OSProcess> find(OperatingSystem os) throws IOException {
    return switch (selector) {
      case Selector.Pid(int pid) -> Optional.ofNullable(os.getProcess(pid)).stream().toList();
      case Selector.PidFile(Path file) ->
          Optional.ofNullable(os.getProcess(Integer.parseInt(Files.readString(file).strip())))
              .stream()
              .toList();
      case Selector.Name(String name) -> matching(os, p -> p.getName().equals(name));
      case Selector.CommandPattern(Pattern pattern) ->
          matching(
              os,
              p ->
                  p.getProcessID() != ProcessHandle.current().pid()
                      && pattern.matcher(p.getCommandLine()).find());
    };
  }

  private static List<OSProcess> matching(OperatingSystem os, Predicate<OSProcess> test) {
    return os.getProcesses(test::test, null, 0);
  }

  private static String describe(Selector selector) {
    return switch (selector) {
      case Selector.Pid(int pid) -> "with PID " + pid;
      case Selector.PidFile(Path file) -> "from " + file;
      case Selector.Name(String name) -> "named " + name;
      case Selector.CommandPattern(Pattern pattern) -> "matching /" + pattern + "/";
    };
  }
}
