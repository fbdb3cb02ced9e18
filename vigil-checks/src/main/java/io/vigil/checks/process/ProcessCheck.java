package io.vigil.checks.process;

import io.vigil.checks.Sizes;
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
                  : processes(found.size())
                      + " "
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
      status = status.worse(inspect(p, notes, details));
    }
    String message =
        processes(found.size())
            + " "
            + what
            + (notes.isEmpty() ? "" : ": " + String.join(", ", notes));
    return Result.of(status, message)
        .withDetail("count", found.size())
        .withDetail("processes", details);
  }

  private static String processes(int count) {
    return count + (count == 1 ? " process" : " processes");
  }

  /**
   * Judges one process against the limits: a note per problem ({@code 4242 rss 15.8 MiB}) and its
   * raw numbers in the details.
   */
  private Status inspect(OSProcess p, List<String> notes, List<Map<String, Object>> details) {
    Status status = Status.OK;
    int pid = p.getProcessID();
    if (p.getState() == OSProcess.State.ZOMBIE) {
      status = Status.CRITICAL;
      notes.add(pid + " is a zombie");
    }
    OSProcess before = previous.put(pid, p);
    double cpu =
        100
            * (before == null
                ? p.getProcessCpuLoadCumulative()
                : p.getProcessCpuLoadBetweenTicks(before));
    double cpuShown = Math.round(cpu * 10) / 10.0;
    long rss = p.getResidentSetSize();
    long files = p.getOpenFiles();
    int threads = p.getThreadCount();
    status = status.worse(judge(limits.cpuPercent(), cpu, pid + " cpu " + cpuShown + "%", notes));
    status = status.worse(judge(limits.rssBytes(), rss, pid + " rss " + Sizes.format(rss), notes));
    status = status.worse(judge(limits.openFiles(), files, pid + " open files " + files, notes));
    status = status.worse(judge(limits.threads(), threads, pid + " threads " + threads, notes));
    details.add(
        Map.of(
            "pid", pid,
            "name", p.getName(),
            "state", p.getState().name().toLowerCase(Locale.ROOT),
            "cpu_percent", cpuShown,
            "rss_bytes", rss,
            "open_files", files,
            "threads", threads));
    return status;
  }

  private static Status judge(
      Optional<Thresholds> t, double value, String note, List<String> notes) {
    if (t.isEmpty()) {
      return Status.OK;
    }
    Status s = t.get().judge(value);
    if (s != Status.OK) {
      notes.add(note);
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
