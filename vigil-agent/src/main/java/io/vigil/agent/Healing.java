package io.vigil.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.CheckDefinition;
import io.vigil.agent.config.HealingConfig;
import io.vigil.core.Monitor;
import io.vigil.core.Ticker;
import io.vigil.recovery.ActionSpec;
import io.vigil.recovery.Actions;
import io.vigil.recovery.Healer;
import io.vigil.recovery.QuarantineLift;
import io.vigil.recovery.RecoveryAction;
import io.vigil.recovery.RecoveryEvent;
import io.vigil.recovery.RecoveryPolicy;
import io.vigil.recovery.RecoveryStateStore;
import io.vigil.recovery.RecoveryStep;
import io.vigil.recovery.RecoveryView;
import io.vigil.recovery.Supervisor;
import io.vigil.server.Extensions;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's self-healing: supervised programs, the healer, its log lines and metrics. */
final class Healing implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("vigil.recovery");

  /** The exit code after {@code healing.onCriticalFailure} with {@code action: exit}. */
  static final int EXIT_CRITICAL = 3;

  private final Supervisor supervisor;
  private final Healer healer;
  private final Set<String> protectedChecks = ConcurrentHashMap.newKeySet();

  /** For each supervised program, the check whose ladder restarts it when it exits. */
  private volatile Map<String, String> restarters = Map.of();

  private volatile MultiGauge breakers;
  private volatile MultiGauge quarantined;

  private Healing(Supervisor supervisor, Healer healer) {
    this.supervisor = supervisor;
    this.healer = healer;
  }

  /**
   * Starts the healer for the configured ladders and the supervised programs: a copy an earlier
   * agent left running is adopted, and a program whose check is quarantined is not started again.
   *
   * @param state where budgets, backoff, breakers and quarantines are kept (the store, or the state
   *     file without one)
   */
  static Healing start(AgentConfig config, Monitor monitor, RecoveryStateStore state)
      throws IOException {
    HealingConfig.Settings settings = config.healing();
    Supervisor supervisor = new Supervisor(settings.directory().resolve("programs"));
    Healer healer =
        new Healer(
            monitor,
            settings.guards(),
            Ticker.system(),
            state,
            () -> 1L,
            () -> true,
            Thread.ofVirtual().name("vigil-recovery-", 0).factory());
    Healing healing = new Healing(supervisor, healer);
    healer.subscribe(RecoveryLog::log);
    supervisor.onExit(healing::exited);
    try {
      config.programs().forEach(supervisor::register); // known (adopted if left running)
      healing.apply(config);
      healing.startPrograms(config);
    } catch (IOException | RuntimeException e) {
      healing.close(); // no orphan children when the agent cannot start
      throw e;
    }
    healer.start();
    return healing;
  }

  private void startPrograms(AgentConfig config) throws IOException {
    for (Supervisor.Program program : config.programs()) {
      String name = program.name();
      Optional<String> quarantined =
          ladderChecks(config, name).stream().filter(healer::quarantined).findFirst();
      if (quarantined.isPresent()) {
        LOG.warn(
            "event=program_not_started program={} reason=\"check {} is quarantined; lift it with"
                + " POST /api/checks/{}/quarantine/lift\"",
            name,
            quarantined.get(),
            quarantined.get());
      } else if (supervisor.handle(name).isEmpty()) {
        supervisor.restart(name);
      }
    }
  }

  /** The checks whose ladders restart or stop the program, in the configuration's order. */
  private static List<String> ladderChecks(AgentConfig config, String program) {
    return config.checks().stream()
        .filter(
            c ->
                c.recovery().stream()
                    .flatMap(p -> p.steps().stream())
                    .anyMatch(s -> program(s.action()).equals(Optional.of(program))))
        .map(CheckDefinition::name)
        .toList();
  }

  /** A program exited on its own: the first check whose ladder restarts it acts at once. */
  private void exited(Supervisor.Exit exit) {
    String check = restarters.get(exit.program());
    if (check != null) {
      healer.exited(check, "program " + exit.program() + " exited (" + exit.how() + ")");
    }
  }

  /**
   * With {@code healing.onCriticalFailure}: once a critical check has been down beyond help for the
   * grace, closes {@code agent} (readiness 503 for the drain time, programs stopped) and exits with
   * code 3.
   */
  void exitOnCriticalFailure(HealingConfig.Settings settings, AutoCloseable agent) {
    settings
        .onCriticalFailure()
        .ifPresent(
            c ->
                healer.onCriticalFailure(
                    c.grace(),
                    () ->
                        Thread.ofPlatform()
                            .name("vigil-critical-exit")
                            .start(
                                () -> {
                                  try {
                                    agent.close();
                                  } catch (Exception e) {
                                    LOG.warn("event=close_failed error=\"{}\"", e.toString());
                                  }
                                  System.exit(EXIT_CRITICAL);
                                })));
  }

  /** Every recovery action asks {@code fence} first (a fleet's lease and budget). */
  void fence(io.vigil.recovery.ActionFence fence) {
    healer.fence(fence);
  }

  /** Receives every recovery event (on the healer's thread; keep it quick). */
  void subscribe(Consumer<RecoveryEvent> listener) {
    healer.subscribe(listener);
  }

  /** {@code POST /api/checks/{name}/quarantine/lift}. */
  Extensions.LiftOutcome lift(String check, String by) {
    QuarantineLift lift = healer.lift(check, by);
    Extensions.LiftResult result =
        switch (lift.outcome()) {
          case LIFTED -> Extensions.LiftResult.LIFTED;
          case NOT_QUARANTINED -> Extensions.LiftResult.NOT_QUARANTINED;
          case NOT_PROTECTED -> Extensions.LiftResult.UNKNOWN;
        };
    return new Extensions.LiftOutcome(result, lift.view().map(v -> (Object) v));
  }

  /** Protects the checks that have a ladder, and only those (also on reload). */
  void apply(AgentConfig config) {
    Set<String> wanted = ConcurrentHashMap.newKeySet();
    for (CheckDefinition check : config.checks()) {
      Optional<String> unknown = unsupervised(check);
      if (unknown.isPresent()) {
        LOG.warn(
            "event=recovery_not_applied check={} reason=\"program {} is not supervised; new programs"
                + " start after a restart of the agent\"",
            check.name(),
            unknown.get());
        continue;
      }
      if (check.recovery().isPresent()) {
        healer.protect(check.name(), policy(check.recovery().get()));
        wanted.add(check.name());
      }
    }
    for (String name : Set.copyOf(protectedChecks)) {
      if (!wanted.contains(name)) {
        healer.unprotect(name);
      }
    }
    protectedChecks.clear();
    protectedChecks.addAll(wanted);
    Map<String, String> byProgram = new LinkedHashMap<>();
    for (CheckDefinition check : config.checks()) {
      if (wanted.contains(check.name())) {
        check.recovery().get().steps().stream()
            .filter(s -> s.action() instanceof ActionSpec.Restart)
            .forEach(s -> byProgram.putIfAbsent(program(s.action()).orElseThrow(), check.name()));
      }
    }
    restarters = Map.copyOf(byProgram);
  }

  private Optional<String> unsupervised(CheckDefinition check) {
    return check.recovery().stream()
        .flatMap(p -> p.steps().stream())
        .flatMap(s -> program(s.action()).stream())
        .filter(p -> !supervisor.supervises(p))
        .findFirst();
  }

  /** The supervised program an action works on, if any. */
  private static Optional<String> program(ActionSpec action) {
    return switch (action) {
      case ActionSpec.Restart r -> Optional.of(r.program());
      case ActionSpec.Stop s -> Optional.of(s.program());
      case ActionSpec.Log l -> Optional.empty();
      case ActionSpec.Command c -> Optional.empty();
      case ActionSpec.Http h -> Optional.empty();
      case ActionSpec.Systemd s -> Optional.empty();
      case ActionSpec.Callback c -> Optional.empty();
    };
  }

  private RecoveryPolicy policy(HealingConfig.PolicySpec spec) {
    List<RecoveryStep> steps =
        spec.steps().stream()
            .map(
                s ->
                    new RecoveryStep(
                        s.action().name(),
                        action(s.action()),
                        s.verify(),
                        s.repeat(),
                        s.restarts(),
                        s.onSoft(),
                        s.timeout()))
            .toList();
    return new RecoveryPolicy(steps, spec.resetAfter(), spec.allowWhileFlapping(), spec.target());
  }

  /** The action a configured step runs. */
  private RecoveryAction action(ActionSpec spec) {
    return switch (spec) {
      case ActionSpec.Log l -> Actions.log();
      case ActionSpec.Command c ->
          Actions.command(c.argv(), c.environment(), c.envAllow(), c.directory());
      case ActionSpec.Http h -> Actions.http(h.url(), h.method(), h.headers());
      case ActionSpec.Restart r -> Actions.restart(supervisor, r.program());
      case ActionSpec.Stop s -> Actions.stop(supervisor, s.program(), s.grace());
      case ActionSpec.Systemd s -> Actions.systemd(s.unit());
      case ActionSpec.Callback c -> c.action();
    };
  }

  /** Counts actions in {@code vigil_recovery_actions_total}; breaker and quarantine gauges. */
  void bindMetrics(MeterRegistry registry) {
    healer.subscribe(
        event -> {
          String outcome =
              switch (event) {
                case RecoveryEvent.Started e -> "started";
                case RecoveryEvent.Succeeded e -> "succeeded";
                case RecoveryEvent.Failed e -> "failed";
                case RecoveryEvent.Suppressed e -> "suppressed";
                case RecoveryEvent.GaveUp e -> "gave_up";
                case RecoveryEvent.SuppressionEnded e -> null;
                case RecoveryEvent.QuarantineLifted e -> null;
                case RecoveryEvent.Reset e -> null;
              };
          String action =
              switch (event) {
                case RecoveryEvent.Started e -> e.step();
                case RecoveryEvent.Succeeded e -> e.step();
                case RecoveryEvent.Failed e -> e.step();
                case RecoveryEvent.Suppressed e -> "none";
                case RecoveryEvent.GaveUp e -> "none";
                case RecoveryEvent.SuppressionEnded e -> "none";
                case RecoveryEvent.QuarantineLifted e -> "none";
                case RecoveryEvent.Reset e -> "none";
              };
          if (outcome != null) {
            Counter.builder("vigil.recovery.actions")
                .description("Recovery attempts and decisions by check, action and outcome")
                .tags("check", event.check(), "action", action, "outcome", outcome)
                .register(registry)
                .increment();
          }
          refreshGauges();
        });
    breakers =
        MultiGauge.builder("vigil.recovery.breaker.state")
            .description(
                "Circuit breaker of a check's recovery target: 0 closed, 1 open, 2 half-open")
            .register(registry);
    quarantined =
        MultiGauge.builder("vigil.recovery.quarantined")
            .description("1 when healing gave up on the check")
            .register(registry);
    refreshGauges();
  }

  private void refreshGauges() {
    if (breakers == null) {
      return;
    }
    List<String> names = List.copyOf(protectedChecks);
    breakers.register(
        names.stream()
            .map(
                n ->
                    MultiGauge.Row.of(
                        Tags.of("check", n),
                        healer.view(n).map(v -> v.breaker().gaugeValue()).orElse(-1)))
            .toList(),
        true);
    quarantined.register(
        names.stream()
            .map(n -> MultiGauge.Row.of(Tags.of("check", n), healer.quarantined(n) ? 1 : 0))
            .toList(),
        true);
  }

  /** Tells {@code listener} about every later recovery event (alerts: a give-up). */
  void onRecovery(java.util.function.Consumer<RecoveryEvent> listener) {
    healer.subscribe(listener);
  }

  /** The check's recovery section of {@code /health/checks/{name}}. */
  Optional<RecoveryView> view(String check) {
    return healer.view(check);
  }

  /** The recovery section of {@code /diagnostics}. */
  Map<String, RecoveryView> views() {
    return healer.views();
  }

  @Override
  public void close() {
    healer.close();
    supervisor.close();
  }
}
