package io.vigil.agent.config;

import io.vigil.checks.CheckSettings;
import io.vigil.recovery.Guards;
import io.vigil.recovery.RecoveryPolicy;
import io.vigil.recovery.RecoveryStep;
import io.vigil.recovery.Supervisor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The self-healing parts of a configuration: supervised programs ({@code supervise:}), the guards
 * ({@code healing:}) and each check's recovery ladder ({@code recovery:}), validated like the rest.
 */
public final class HealingConfig {

  /** Actions a step may name. */
  static final List<String> ACTIONS =
      List.of("log", "command", "http", "restart", "stop", "systemd");

  /**
   * One step as configured; the agent turns it into a {@link RecoveryStep} once the supervisor
   * exists.
   */
  public record StepSpec(
      String action,
      Map<String, Object> fields,
      Duration verify,
      int repeat,
      boolean onSoft,
      Duration timeout) {}

  /** A check's ladder as configured. */
  public record PolicySpec(
      List<StepSpec> steps, Duration resetAfter, boolean allowWhileFlapping, String target) {}

  /** The {@code healing:} section. */
  public record Settings(Guards guards, Optional<Path> stateFile, Path directory) {}

  private HealingConfig() {}

  static Settings settings(CheckSettings s) {
    Guards d = Guards.ofDefaults();
    Guards guards =
        new Guards(
            s.integer("breakerFailures", d.breakerFailures(), 1),
            s.duration("breakerOpenFor", d.breakerOpenFor()),
            s.integer("restarts", d.restarts(), 0),
            s.duration("restartWindow", d.restartWindow()),
            s.duration("backoff", d.backoff()),
            s.duration("maxBackoff", d.maxBackoff()),
            s.integer("actionsPerMinute", d.actionsPerMinute(), 1));
    positive(s, "breakerOpenFor", guards.breakerOpenFor());
    positive(s, "restartWindow", guards.restartWindow());
    Path directory = Path.of(s.string("directory").orElse("vigil-state"));
    Optional<Path> stateFile =
        Optional.of(
            s.string("stateFile").map(Path::of).orElse(directory.resolve("recovery-state.json")));
    return new Settings(guards, stateFile, directory);
  }

  private static void positive(CheckSettings s, String key, Duration value) {
    if (value.isZero() || value.isNegative()) {
      s.problem(key, "must be positive, but was " + io.vigil.core.Durations.format(value));
    }
  }

  static List<Supervisor.Program> programs(Object raw, List<String> problems) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      problems.add("supervise: must be a list of programs, each with a name and a command");
      return List.of();
    }
    List<Supervisor.Program> programs = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        problems.add("supervise[" + i + "]: must be a mapping with name and command");
        continue;
      }
      @SuppressWarnings("unchecked")
      CheckSettings s =
          new CheckSettings("supervise[" + i + "]", (Map<String, Object>) map, Set.of());
      String name = s.requiredString("name");
      List<String> command = s.strings("command");
      if (command.isEmpty()) {
        s.problem("command", "is required: the program and its arguments as a list (no shell)");
      }
      List<String> allow =
          s.has("envAllow") ? s.strings("envAllow") : List.of("PATH", "HOME", "LANG", "TZ");
      Supervisor.Program program =
          new Supervisor.Program(
              name,
              command,
              s.string("directory").map(Path::of),
              s.stringMap("environment"),
              allow);
      problems.addAll(s.problems());
      if (s.problems().isEmpty()) {
        programs.add(program);
      }
    }
    return programs;
  }

  /** The {@code recovery:} block of a check, read from the check's settings. */
  static Optional<PolicySpec> policy(CheckSettings check, Set<String> programs) {
    if (!check.has("recovery")) {
      return Optional.empty();
    }
    Optional<CheckSettings> nested = check.nested("recovery");
    if (nested.isEmpty()) {
      return Optional.empty();
    }
    CheckSettings r = nested.get();
    Duration resetAfter = r.duration("resetAfter", RecoveryPolicy.DEFAULT_RESET_AFTER);
    positive(r, "resetAfter", resetAfter);
    boolean flapping = r.bool("allowWhileFlapping", false);
    String target = r.string("target").orElse("");
    List<StepSpec> steps = new ArrayList<>();
    if (r.has("steps")) {
      for (CheckSettings step : r.list("steps")) {
        steps.add(step(step, programs));
      }
      if (steps.isEmpty()) {
        r.problem("steps", "must list at least one step");
      }
    } else {
      String program = r.requiredString("program");
      if (!program.isEmpty() && !programs.contains(program)) {
        r.problem(
            "program",
            "no supervised program named '" + program + "'; known: " + String.join(", ", programs));
      }
      // The default ladder: log (and go straight on), restart (up to 3 times), emergency stop.
      steps.add(
          new StepSpec("log", Map.of(), Duration.ZERO, 1, false, RecoveryStep.DEFAULT_TIMEOUT));
      steps.add(
          new StepSpec(
              "restart",
              Map.of("program", program),
              Duration.ofSeconds(10),
              3,
              false,
              RecoveryStep.DEFAULT_TIMEOUT));
      steps.add(
          new StepSpec(
              "stop",
              Map.of("program", program, "grace", Duration.ofSeconds(5)),
              Duration.ofSeconds(10),
              1,
              false,
              RecoveryStep.DEFAULT_TIMEOUT));
    }
    return Optional.of(new PolicySpec(steps, resetAfter, flapping, target));
  }

  private static StepSpec step(CheckSettings s, Set<String> programs) {
    String action = s.requiredString("action");
    if (!action.isEmpty() && !ACTIONS.contains(action)) {
      s.problem(
          "action",
          "unknown action '" + action + "'; known actions: " + String.join(", ", ACTIONS));
    }
    Duration verify =
        s.duration("verify", action.equals("log") ? Duration.ZERO : RecoveryStep.DEFAULT_VERIFY);
    if (verify.isZero() && !action.equals("log")) {
      s.problem(
          "verify",
          "must be positive for action '" + action + "' (only log passes straight through)");
    }
    int repeat = s.integer("repeat", 1, 1);
    boolean onSoft = s.bool("onSoft", false);
    Duration timeout = s.duration("timeout", RecoveryStep.DEFAULT_TIMEOUT);
    positive(s, "timeout", timeout);
    Map<String, Object> fields = new LinkedHashMap<>();
    switch (action) {
      case "command" -> {
        List<String> argv = s.strings("command");
        if (argv.isEmpty()) {
          s.problem("command", "is required: the program and its arguments as a list (no shell)");
        }
        fields.put("command", argv);
        fields.put("environment", s.stringMap("environment"));
        fields.put(
            "envAllow", s.has("envAllow") ? s.strings("envAllow") : List.of("PATH", "LANG", "TZ"));
        s.string("directory").ifPresent(d -> fields.put("directory", d));
      }
      case "http" -> {
        String url = s.requiredString("url");
        try {
          java.net.URI uri = java.net.URI.create(url);
          if (!url.isEmpty() && (uri.getScheme() == null || !uri.getScheme().startsWith("http"))) {
            s.problem("url", "must be an http:// or https:// URL, but was '" + url + "'");
          }
        } catch (IllegalArgumentException e) {
          s.problem("url", "is not a URL: " + e.getMessage());
        }
        fields.put("url", url);
        fields.put("method", s.string("method").orElse("POST"));
        fields.put("headers", s.stringMap("headers"));
      }
      case "restart", "stop" -> {
        String program = s.requiredString("program");
        if (!program.isEmpty() && !programs.contains(program)) {
          s.problem(
              "program",
              "no supervised program named '"
                  + program
                  + "'; known: "
                  + String.join(", ", programs));
        }
        fields.put("program", program);
        if (action.equals("stop")) {
          fields.put("grace", s.duration("grace", Duration.ofSeconds(5)));
        }
      }
      case "systemd" -> fields.put("unit", s.requiredString("unit"));
      default -> {}
    }
    return new StepSpec(action, fields, verify, repeat, onSoft, timeout);
  }
}
