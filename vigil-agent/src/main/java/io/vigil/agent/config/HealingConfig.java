package io.vigil.agent.config;

import io.vigil.checks.CheckSettings;
import io.vigil.checks.HttpUrl;
import io.vigil.process.ProcessRunner;
import io.vigil.recovery.ActionSpec;
import io.vigil.recovery.Guards;
import io.vigil.recovery.RecoveryPolicy;
import io.vigil.recovery.RecoveryStep;
import io.vigil.recovery.Supervisor;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The self-healing parts of a configuration: supervised programs ({@code supervise:}), the guards
 * ({@code healing:}) and each check's recovery ladder ({@code recovery:}), validated like the rest.
 */
public final class HealingConfig {

  /** Actions a step may name in a configuration ({@link ActionSpec.Callback} is for code only). */
  static final List<String> ACTIONS =
      List.of("log", "command", "http", "restart", "stop", "systemd");

  /**
   * One step as configured; the agent turns it into a {@link RecoveryStep} once the supervisor
   * exists.
   *
   * @param action what the step does
   * @param verify how long the check has to be OK again (zero for {@code log})
   * @param repeat how many times the step may run before the ladder escalates
   * @param onSoft whether the step acts on soft failures
   * @param timeout how long the action may take
   */
  public record StepSpec(
      ActionSpec action,
      Duration verify,
      int repeat,
      boolean onSoft,
      Duration timeout,
      boolean restarts) {

    /** A step that counts against the restart budget when its action restarts a program. */
    public StepSpec(
        ActionSpec action, Duration verify, int repeat, boolean onSoft, Duration timeout) {
      this(action, verify, repeat, onSoft, timeout, action.restarts());
    }
  }

  /** A check's ladder as configured. */
  public record PolicySpec(
      List<StepSpec> steps, Duration resetAfter, boolean allowWhileFlapping, String target) {

    /** Copies the steps. */
    public PolicySpec {
      steps = List.copyOf(steps);
    }
  }

  /**
   * The {@code healing:} section.
   *
   * @param stateFile where the recovery state is kept without a store; with one, moved into it once
   *     and renamed to {@code <file>.migrated}
   * @param onCriticalFailure what to do when a critical check stays down beyond help; off when
   *     empty
   */
  public record Settings(
      Guards guards, Path stateFile, Path directory, Optional<CriticalFailure> onCriticalFailure) {}

  /**
   * {@code healing.onCriticalFailure}: when a critical check has been hard down with no ladder, or
   * with healing given up on it (quarantined), for {@code grace} without a break, the agent {@code
   * exit}s: readiness answers 503 for the drain time, its programs stop, and it exits with code 3
   * so a service manager restarts or replaces the node.
   *
   * @param grace how long the critical failure must last
   */
  public record CriticalFailure(Duration grace) {

    /** Default grace. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
  }

  /** Actions {@code healing.onCriticalFailure.action} may name. */
  static final List<String> CRITICAL_ACTIONS = List.of("exit");

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
    Path stateFile =
        s.string("stateFile").map(Path::of).orElse(directory.resolve("recovery-state.json"));
    return new Settings(guards, stateFile, directory, criticalFailure(s));
  }

  private static Optional<CriticalFailure> criticalFailure(CheckSettings s) {
    Optional<CheckSettings> nested = s.nested("onCriticalFailure");
    if (nested.isEmpty()) {
      return Optional.empty();
    }
    CheckSettings c = nested.get();
    Duration grace = c.duration("grace", CriticalFailure.DEFAULT_GRACE);
    String action = c.requiredString("action");
    if (!action.isEmpty() && !CRITICAL_ACTIONS.contains(action)) {
      c.problem(
          "action",
          "unknown action '" + action + "'; known actions: " + String.join(", ", CRITICAL_ACTIONS));
    }
    return Optional.of(new CriticalFailure(grace));
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
      List<String> allow = envAllow(s);
      Duration stopGrace = s.duration("stopGrace", Supervisor.Program.DEFAULT_STOP_GRACE);
      Supervisor.Program program =
          new Supervisor.Program(
              name,
              command,
              s.string("directory").map(Path::of),
              s.stringMap("environment"),
              allow,
              stopGrace);
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
      List<CheckSettings> listed = r.list("steps");
      listed.forEach(step -> step(step, programs).ifPresent(steps::add));
      if (listed.isEmpty()) {
        r.problem("steps", "must list at least one step");
      }
    } else {
      String program = program(r, programs);
      // The default ladder: log (and go straight on), restart (up to 3 times), emergency stop.
      Duration verify = Duration.ofSeconds(10);
      Duration timeout = RecoveryStep.DEFAULT_TIMEOUT;
      steps.add(new StepSpec(new ActionSpec.Log(), Duration.ZERO, 1, false, timeout));
      steps.add(new StepSpec(new ActionSpec.Restart(program), verify, 3, false, timeout));
      steps.add(
          new StepSpec(
              new ActionSpec.Stop(program, ActionSpec.DEFAULT_GRACE), verify, 1, false, timeout));
    }
    return Optional.of(new PolicySpec(steps, resetAfter, flapping, target));
  }

  /** One step; empty when its action is missing or unknown (the problem is recorded). */
  private static Optional<StepSpec> step(CheckSettings s, Set<String> programs) {
    String name = s.requiredString("action");
    if (!name.isEmpty() && !ACTIONS.contains(name)) {
      s.problem(
          "action", "unknown action '" + name + "'; known actions: " + String.join(", ", ACTIONS));
    }
    boolean log = name.equals("log");
    Duration verify = s.duration("verify", log ? Duration.ZERO : RecoveryStep.DEFAULT_VERIFY);
    if (verify.isZero() && !log) {
      s.problem(
          "verify",
          "must be positive for action '" + name + "' (only log passes straight through)");
    }
    int repeat = s.integer("repeat", 1, 1);
    boolean onSoft = s.bool("onSoft", false);
    Duration timeout = s.duration("timeout", RecoveryStep.DEFAULT_TIMEOUT);
    positive(s, "timeout", timeout);
    // A command or HTTP hook that restarts the service (systemctl, kubectl, an admin endpoint)
    // says so, and counts against the restart budget like the restart action.
    Optional<ActionSpec> action = action(name, s, programs);
    boolean restarts = s.bool("restarts", action.map(ActionSpec::restarts).orElse(false));
    return action.map(a -> new StepSpec(a, verify, repeat, onSoft, timeout, restarts));
  }

  /** The action's own fields, by its name. */
  private static Optional<ActionSpec> action(String name, CheckSettings s, Set<String> programs) {
    return switch (name) {
      case "log" -> Optional.of(new ActionSpec.Log());
      case "command" -> Optional.of(command(s));
      case "http" -> http(s);
      case "restart" -> Optional.of(new ActionSpec.Restart(program(s, programs)));
      case "stop" ->
          Optional.of(
              new ActionSpec.Stop(
                  program(s, programs), s.duration("grace", ActionSpec.DEFAULT_GRACE)));
      case "systemd" -> Optional.of(new ActionSpec.Systemd(s.requiredString("unit")));
      default -> Optional.empty(); // unknown: reported above, the configuration is rejected
    };
  }

  private static ActionSpec.Command command(CheckSettings s) {
    List<String> argv = s.strings("command");
    if (argv.isEmpty()) {
      s.problem("command", "is required: the program and its arguments as a list (no shell)");
    }
    return new ActionSpec.Command(
        argv, s.stringMap("environment"), envAllow(s), s.string("directory").map(Path::of));
  }

  private static Optional<ActionSpec> http(CheckSettings s) {
    Optional<URI> url = HttpUrl.required(s, "url");
    String method = s.string("method").orElse(ActionSpec.DEFAULT_METHOD);
    if (!method.matches("[A-Za-z]+")) {
      s.problem("method", "must be an HTTP method such as POST, but was '" + method + "'");
    }
    Map<String, String> headers = s.stringMap("headers");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      try {
        HttpRequest.newBuilder().header(header.getKey(), header.getValue());
      } catch (IllegalArgumentException e) {
        s.problem("headers", "cannot send '" + header.getKey() + "': " + e.getMessage());
      }
    }
    return url.map(u -> new ActionSpec.Http(u, method, headers));
  }

  /** A required supervised program's name. */
  private static String program(CheckSettings s, Set<String> programs) {
    String program = s.requiredString("program");
    if (!program.isEmpty() && !programs.contains(program)) {
      s.problem(
          "program",
          "no supervised program named '" + program + "'; known: " + String.join(", ", programs));
    }
    return program;
  }

  /** The variables passed on from the agent: {@code envAllow}, or the one default. */
  private static List<String> envAllow(CheckSettings s) {
    if (!s.has("envAllow")) {
      return ProcessRunner.DEFAULT_ENV_ALLOW;
    }
    List<String> names = s.strings("envAllow");
    names.stream()
        .filter(n -> !n.matches("[A-Za-z_][A-Za-z0-9_]*"))
        .findFirst()
        .ifPresent(
            n ->
                s.problem(
                    "envAllow",
                    "must be a list of variable names, such as [PATH, HOME], but had '" + n + "'"));
    return names;
  }
}
