package io.vigil.agent;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.CheckDefinition;
import io.vigil.agent.config.FleetSettings;
import io.vigil.alerts.AlertKind;
import io.vigil.alerts.Alerts;
import io.vigil.alerts.SendGate;
import io.vigil.alerts.Severity;
import io.vigil.alerts.Signal;
import io.vigil.core.CheckResume;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Subscription;
import io.vigil.core.Ticker;
import io.vigil.fleet.CheckState;
import io.vigil.fleet.Fence;
import io.vigil.fleet.Fleet;
import io.vigil.fleet.FleetConfig;
import io.vigil.fleet.PeerEvent;
import io.vigil.recovery.ActionFence;
import io.vigil.server.ServerOptions;
import io.vigil.store.StoreConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent as a member of a fleet ({@code fleet:}): registers the checks of the partitions it owns
 * (resuming each from the state its last owner stored), writes its checks' states for the
 * fleet-wide view, fences every recovery action through PostgreSQL, reports whether it may act as
 * its own {@code fleet} check, and raises an alert when a peer's lease expires.
 */
final class AgentFleet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AgentFleet.class);

  /** The name of the agent's own check. */
  static final String CHECK = "fleet";

  /** The singleton lease whose holder sends the fleet's notifications. */
  static final String ALERTS_LEASE = "alerts";

  private final Fleet fleet;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final FleetStates states;
  private volatile Map<String, CheckState> known = Map.of();

  private AgentFleet(Fleet fleet, Monitor monitor, Supplier<AgentConfig> config) {
    this.fleet = fleet;
    this.states = new FleetStates(fleet, monitor, config);
  }

  /**
   * Joins the fleet on the store's PostgreSQL. The fleet's own check is registered; checks are
   * placed by {@link #placeChecks(LiveConfig)}.
   */
  static AgentFleet start(
      FleetSettings settings,
      StoreConfig store,
      ServerOptions server,
      String address,
      Monitor monitor,
      Supplier<AgentConfig> config) {
    FleetConfig fleetConfig = settings.config(server.nodeId(), address, server.version());
    Fleet fleet = Fleet.start(store, fleetConfig, Ticker.system());
    AgentFleet agent = new AgentFleet(fleet, monitor, config);
    agent.checksChanged(config.get());
    monitor.register(
        CheckSpec.builder(CHECK)
            .component("vigil")
            .description("this agent's lease in fleet " + settings.name())
            .interval(settings.renewEvery())
            .timeout(settings.renewEvery()) // it reads the lease clock; never waits
            .jitter(Duration.ZERO)
            .failureThreshold(1)
            .build(),
        agent.check());
    LOG.info(
        "event=fleet_joined fleet={} agent={} partitions={}",
        settings.name(),
        fleetConfig.agentId(),
        fleetConfig.partitions());
    return agent;
  }

  Fleet fleet() {
    return fleet;
  }

  /** The fleet's checks are these now: agents split them by count (each agent has the same). */
  void checksChanged(AgentConfig applied) {
    fleet.restartWindow(applied.healing().guards().restartWindow()); // restarts kept twice as long
    fleet.place(fleetChecks(applied));
  }

  /**
   * What places a check in a partition: its recovery target when it names one (so every check of
   * one target runs, and is healed, on the same agent), else its name.
   */
  private static String key(CheckDefinition check) {
    return check.recovery().map(r -> r.target()).filter(t -> !t.isEmpty()).orElse(check.name());
  }

  /** The checks the fleet shares (not every-agent), each with its {@link #key}. */
  static Map<String, String> fleetChecks(AgentConfig config) {
    Map<String, String> keys = new HashMap<>();
    config.checks().stream().filter(c -> !c.everyAgent()).forEach(c -> keys.put(c.name(), key(c)));
    return keys;
  }

  /**
   * Registers the checks of the owned partitions now and whenever they change (each taken over
   * resumes from the stored state).
   */
  void placeChecks(LiveConfig live) {
    subscriptions.add(
        fleet.onOwnership(
            change -> {
              try {
                known = byName(fleet.states().all());
              } catch (RuntimeException e) {
                LOG.warn("event=fleet_states_unreadable error=\"{}\"", e.getMessage());
                known = Map.of();
              }
              live.place(placement());
              LOG.info(
                  "event=fleet_partitions owned={} gained={} lost={}",
                  change.owned().size(),
                  change.gained().size(),
                  change.lost().size());
            }));
  }

  /** Which checks run here: those of owned partitions (even while not acting) and every-agent. */
  Placement placement() {
    Set<Integer> owned = fleet.owned();
    Map<String, CheckState> states = known;
    return new Placement() {
      @Override
      public boolean runsHere(CheckDefinition check) {
        return check.everyAgent() || owned.contains(fleet.partition(check.name()));
      }

      @Override
      public Optional<CheckResume> resume(String check) {
        return Optional.ofNullable(states.get(check)).flatMap(FleetStates::resume);
      }
    };
  }

  private static Map<String, CheckState> byName(List<CheckState> states) {
    Map<String, CheckState> map = new HashMap<>();
    states.forEach(s -> map.put(s.check(), s));
    return map;
  }

  /** Every recovery action asks the fleet: this agent's lease and the fleet-wide budget. */
  ActionFence fence() {
    Fence fence = fleet.fence();
    return (check, target, step, guards) ->
        switch (fence.recovery(
            target,
            check,
            step.name(),
            step.restart(),
            guards.restarts(),
            guards.restartWindow())) {
          case Fence.Grant.Granted g -> new ActionFence.Permit.Granted(g.token());
          case Fence.Grant.Refused r -> new ActionFence.Permit.Refused(r.reason());
        };
  }

  /**
   * Only the holder of the fleet's {@code alerts} lease sends notifications, each recorded with the
   * lease's epoch first; the others' wait in the shared outbox.
   */
  SendGate sendGate() {
    fleet.lease(ALERTS_LEASE); // compete for it from now on
    Fence fence = fleet.fence();
    return (sink, key) ->
        switch (fence.notification(ALERTS_LEASE, sink, key)) {
          case Fence.Grant.Granted g -> Optional.empty();
          case Fence.Grant.Refused r -> Optional.of(r.reason());
        };
  }

  /** A peer whose lease expired raises one alert, resolved when it is back. */
  void alertOnPeers(Alerts alerts) {
    subscriptions.add(
        fleet.onPeer(
            event -> {
              switch (event) {
                case PeerEvent.Dead dead -> {
                  LOG.warn("event=fleet_agent_dead agent={}", dead.agent().id());
                  alerts.signal(
                      Signal.open(
                          AlertKind.NODE_DEAD,
                          labels(dead.agent().id()),
                          Severity.CRITICAL,
                          "fleet agent "
                              + dead.agent().id()
                              + " stopped renewing its lease; its checks moved to the others",
                          Instant.now()));
                }
                case PeerEvent.Back back -> {
                  LOG.info("event=fleet_agent_back agent={}", back.agent().id());
                  alerts.signal(
                      Signal.resolve(
                          AlertKind.NODE_DEAD,
                          labels(back.agent().id()),
                          "fleet agent " + back.agent().id() + " renews its lease again",
                          Instant.now()));
                }
              }
            }));
  }

  private static Map<String, String> labels(String agent) {
    return Map.of("node", agent, "component", "fleet");
  }

  /** The agent's own check: OK while it holds its lease, CRITICAL with the reason otherwise. */
  private HealthCheck check() {
    return ctx -> {
      Optional<String> why = fleet.notActing();
      if (why.isPresent()) {
        return Result.critical(
            "not acting: " + why.get() + "; checks run locally, healing and alerts paused");
      }
      return Result.ok(
          "acting in fleet "
              + fleet.config().name()
              + ": "
              + fleet.owned().size()
              + " of "
              + fleet.config().partitions()
              + " partitions");
    };
  }

  /** The {@code fleet} section of {@code /diagnostics}. */
  Map<String, Object> diagnostics() {
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("fleet", fleet.config().name());
    json.put("agent", fleet.config().agentId());
    json.put("acting", fleet.acting());
    fleet.notActing().ifPresent(w -> json.put("notActing", w));
    json.put("partitions", fleet.owned().size());
    json.put("stats", fleet.stats());
    return json;
  }

  /** Leaves the fleet: releases the partitions (peers take them at once) and stops writing. */
  @Override
  public void close() {
    states.close();
    subscriptions.forEach(Subscription::close);
    fleet.close();
  }
}
