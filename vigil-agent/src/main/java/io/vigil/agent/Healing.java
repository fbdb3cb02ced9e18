package io.vigil.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.CheckDefinition;
import io.vigil.agent.config.HealingConfig;
import io.vigil.core.Monitor;
import io.vigil.core.Secrets;
import io.vigil.core.Ticker;
import io.vigil.recovery.ActionSpec;
import io.vigil.recovery.Actions;
import io.vigil.recovery.Healer;
import io.vigil.recovery.RecoveryAction;
import io.vigil.recovery.RecoveryEvent;
import io.vigil.recovery.RecoveryPolicy;
import io.vigil.recovery.RecoveryStep;
import io.vigil.recovery.RecoveryView;
import io.vigil.recovery.Supervisor;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's self-healing: supervised programs, the healer, its log lines and metrics. */
final class Healing implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("vigil.recovery");

  private final Supervisor supervisor;
  private final Healer healer;
  private final Set<String> protectedChecks = ConcurrentHashMap.newKeySet();
  private volatile MultiGauge breakers;
  private volatile MultiGauge quarantined;

  private Healing(Supervisor supervisor, Healer healer) {
    this.supervisor = supervisor;
    this.healer = healer;
  }

  /** Starts the supervised programs and the healer for the configured ladders. */
  static Healing start(AgentConfig config, Monitor monitor) throws IOException {
    HealingConfig.Settings settings = config.healing();
    Supervisor supervisor = new Supervisor(settings.directory().resolve("programs"));
    try {
      for (Supervisor.Program program : config.programs()) {
        supervisor.start(program);
      }
    } catch (IOException | RuntimeException e) {
      supervisor.close(); // no orphan children when the agent cannot start
      throw e;
    }
    Healer healer =
        new Healer(
            monitor,
            settings.guards(),
            Ticker.system(),
            settings.stateFile(),
            () -> 1L,
            () -> true);
    Healing healing = new Healing(supervisor, healer);
    healer.subscribe(Healing::log);
    healing.apply(config);
    healer.start();
    return healing;
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
                        s.action().restarts(),
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

  private static void log(RecoveryEvent event) {
    switch (event) {
      case RecoveryEvent.Started e ->
          LOG.warn(
              "event=recovery_started check={} step={} attempt={} token={}",
              e.check(),
              e.step(),
              e.attempt(),
              e.fencingToken());
      case RecoveryEvent.Succeeded e ->
          LOG.info(
              "event=recovery_succeeded check={} step={} attempt={} took_ms={}",
              e.check(),
              e.step(),
              e.attempt(),
              e.took().toMillis());
      case RecoveryEvent.Failed e ->
          LOG.warn(
              "event=recovery_failed check={} step={} attempt={} took_ms={} reason={}",
              e.check(),
              e.step(),
              e.attempt(),
              e.took().toMillis(),
              EventLogger.quote(Secrets.maskText(e.reason())));
      case RecoveryEvent.Suppressed e ->
          LOG.info(
              "event=recovery_suppressed check={} reason={}",
              e.check(),
              EventLogger.quote(e.reason()));
      case RecoveryEvent.GaveUp e ->
          LOG.error(
              "event=healing_gave_up check={} reason={} quarantined=true",
              e.check(),
              EventLogger.quote(e.reason()));
      case RecoveryEvent.Reset e -> LOG.info("event=recovery_reset check={}", e.check());
    }
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
                case RecoveryEvent.Reset e -> null;
              };
          String action =
              switch (event) {
                case RecoveryEvent.Started e -> e.step();
                case RecoveryEvent.Succeeded e -> e.step();
                case RecoveryEvent.Failed e -> e.step();
                case RecoveryEvent.Suppressed e -> "none";
                case RecoveryEvent.GaveUp e -> "none";
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
