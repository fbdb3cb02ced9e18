package io.vigil.checks.process;

import io.vigil.checks.CheckSettings;
import io.vigil.checks.CheckType;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.CheckTypeProvider;
import io.vigil.checks.Thresholds;
import io.vigil.core.HealthCheck;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The {@code process} type. */
public final class ProcessCheckTypes implements CheckTypeProvider {

  @Override
  public List<CheckType> types(CheckTypeContext context) {
    return List.of(
        CheckType.of(
            "process",
            "processes by pid, pidFile, processName or pattern: alive, not zombie, cpu, rss, files, threads",
            ProcessCheckTypes::process));
  }

  static HealthCheck process(CheckSettings s) {
    List<String> given =
        List.of("pid", "pidFile", "processName", "pattern").stream().filter(s::has).toList();
    ProcessCheck.Selector selector = new ProcessCheck.Selector.Pid(-1);
    if (given.size() != 1) {
      s.problem(
          "pid", "give exactly one of pid, pidFile, processName or pattern, but got " + given);
    } else {
      switch (given.get(0)) {
        case "pid" -> selector = new ProcessCheck.Selector.Pid(s.integer("pid", -1, 1));
        case "pidFile" ->
            selector = new ProcessCheck.Selector.PidFile(Path.of(s.requiredString("pidFile")));
        case "processName" ->
            selector = new ProcessCheck.Selector.Name(s.requiredString("processName"));
        default -> {
          try {
            selector =
                new ProcessCheck.Selector.CommandPattern(
                    Pattern.compile(s.requiredString("pattern")));
          } catch (PatternSyntaxException e) {
            s.problem("pattern", "is not a regular expression: " + e.getDescription());
          }
        }
      }
    }
    return new ProcessCheck(
        selector,
        new ProcessCheck.Limits(
            s.integer("minCount", 1, 0),
            limit(s, "cpuWarning", "cpuCritical", false),
            limit(s, "rssWarning", "rssCritical", true),
            limit(s, "openFilesWarning", "openFilesCritical", false),
            limit(s, "threadsWarning", "threadsCritical", false)));
  }

  private static Optional<Thresholds> limit(
      CheckSettings s, String warn, String crit, boolean bytes) {
    if (!s.has(warn) && !s.has(crit)) {
      return Optional.empty();
    }
    double w = bytes ? s.size(warn) : s.number(warn, -1);
    double c = bytes ? s.size(crit) : s.number(crit, -1);
    if (w < 0) {
      w = c;
    }
    if (c < 0) {
      c = Double.MAX_VALUE;
    }
    if (w > c) {
      s.problem(warn, "must not be above " + crit);
      return Optional.empty();
    }
    return Optional.of(new Thresholds(w, c));
  }
}
