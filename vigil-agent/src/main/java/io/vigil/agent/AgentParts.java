package io.vigil.agent;

import io.vigil.agent.config.AgentConfig;
import io.vigil.server.Extensions;
import io.vigil.server.Extensions.ReloadOutcome;
import io.vigil.server.ServerOptions;
import io.vigil.server.VigilServer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's parts as the endpoints see them. The server starts first, so its probes answer while
 * the checks are created; until the configuration and healing run, a reload is refused and their
 * views are empty. Also says which server settings are in force, as the server enforces them.
 */
final class AgentParts implements AutoCloseable {

  private final ServerOptions options;
  private volatile Optional<VigilServer> server = Optional.empty();
  private volatile Optional<LiveConfig> config = Optional.empty();
  private volatile Optional<Healing> healing = Optional.empty();
  private volatile Optional<StoreEndpoints> store = Optional.empty();
  private volatile Optional<AgentAlerts> alerts = Optional.empty();

  /** The masked settings of the configuration in force, made once per configuration. */
  private record Settings(AgentConfig config, Map<String, Object> masked) {}

  private volatile Settings settings;
  private volatile Optional<AgentCluster> cluster = Optional.empty();
  private final ClusterRoutes clusterRoutes = new ClusterRoutes(ClusterRoutes.LONG_POLL);
  private volatile Optional<AgentFleet> fleet = Optional.empty();
  private final FleetRoutes fleetRoutes = new FleetRoutes();

  /** The parts of an agent served with {@code options}. */
  AgentParts(ServerOptions options) {
    this.options = options;
  }

  void served(VigilServer value) {
    server = Optional.of(value);
  }

  void running(LiveConfig liveConfig, Healing value) {
    config = Optional.of(liveConfig);
    healing = Optional.of(value);
  }

  void stored(StoreEndpoints value) {
    store = Optional.of(value);
  }

  void alerting(AgentAlerts value) {
    alerts = Optional.of(value);
  }

  /** The alerts for their routes; empty while the agent starts. */
  Optional<io.vigil.alerts.Alerts> alerts() {
    return alerts.map(AgentAlerts::alerts);
  }

  /**
   * What the dashboard's panels show, as a value that changes with it: each alert's and silence's
   * state, each cluster node's state and the routing epoch (the page reloads its panels when it
   * changes).
   */
  Object panels() {
    List<String> seen = new java.util.ArrayList<>();
    java.time.Instant now = java.time.Instant.now();
    alerts()
        .ifPresent(
            a -> {
              a.alerts().forEach(v -> seen.add(v.alert().fingerprint() + "=" + v.state()));
              a.silences().forEach(x -> seen.add(x.id() + "=" + x.state(now)));
            });
    cluster.ifPresent(
        c -> {
          c.monitor().nodes().forEach(n -> seen.add(n.spec().id() + "=" + n.state()));
          seen.add("epoch=" + c.monitor().routing().epoch());
        });
    return seen;
  }

  /** The {@code alerts} section of {@code /diagnostics}. */
  Object alertsSummary() {
    return alerts.map(AgentAlerts::diagnostics).orElse(Map.of("status", "starting"));
  }

  /** The cluster of the configuration, if any: its routes answer from now on. */
  void clustered(Optional<AgentCluster> value) {
    cluster = value;
    clusterRoutes.started(value.map(AgentCluster::monitor));
  }

  /** The {@code /api/cluster} routes (503 while starting, 404 without a cluster section). */
  ClusterRoutes clusterRoutes() {
    return clusterRoutes;
  }

  /** The fleet of the configuration, if any: its routes answer from now on. */
  void fleet(Optional<AgentFleet> value, java.util.function.Supplier<AgentConfig> current) {
    fleet = value;
    fleetRoutes.started(value.map(AgentFleet::fleet), current);
  }

  /** The {@code /api/fleet} routes (503 while starting, 404 without a fleet section). */
  FleetRoutes fleetRoutes() {
    return fleetRoutes;
  }

  /** The {@code fleet} section of {@code /diagnostics}. */
  Object fleetSummary() {
    return fleet.map(f -> (Object) f.diagnostics()).orElseGet(() -> Map.of("configured", false));
  }

  /** The {@code cluster} section of {@code /diagnostics}. */
  Object clusterSummary() {
    return cluster.map(c -> (Object) c.diagnostics()).orElseGet(() -> Map.of("configured", false));
  }

  /** Durable history for {@code ?since=}; nothing without a store. */
  Map<String, Object> history(String check, Instant from, Instant to) {
    return store.map(s -> s.history(check, from, to)).orElse(Map.of());
  }

  /** The task API, or {@link UnsupportedOperationException} (404) without a store. */
  Extensions.TaskApi tasks() {
    return new Extensions.TaskApi() {
      @Override
      public Extensions.Submitted submit(
          String type, Map<String, Object> payload, Optional<String> key) {
        return endpoints().submit(type, payload, key);
      }

      @Override
      public Optional<Map<String, Object>> task(long id) {
        return endpoints().task(id);
      }
    };
  }

  private StoreEndpoints endpoints() {
    if (store.isPresent()) {
      return store.get();
    }
    if (config.isEmpty()) {
      throw new IllegalStateException("the agent is still starting");
    }
    throw new UnsupportedOperationException("this agent has no store (store.enabled: false)");
  }

  /** The {@code store} section of {@code /diagnostics}. */
  Object storeSummary() {
    return store
        .map(StoreEndpoints::diagnostics)
        .orElseGet(() -> Map.of("open", false, "engine", config.isEmpty() ? "starting" : "none"));
  }

  ReloadOutcome reload() {
    return config
        .map(LiveConfig::reload)
        .orElseGet(
            () ->
                new ReloadOutcome(
                    false,
                    List.of("the agent is still starting; reload when /health/started answers 200"),
                    List.of(),
                    Map.of()));
  }

  Object lastReload() {
    return config.map(c -> (Object) c.lastReload()).orElse(Map.of("at", "never"));
  }

  Object recoveryViews() {
    return healing.map(h -> (Object) h.views()).orElse(Map.of());
  }

  /** The recovery views for the dashboard, empty while nothing is protected. */
  Optional<Object> healingPanel() {
    return healing.map(Healing::views).filter(v -> !v.isEmpty()).map(v -> (Object) v);
  }

  /** The task queue for the dashboard, empty without a store. */
  Optional<Object> tasksPanel() {
    return store.map(StoreEndpoints::taskSummary);
  }

  Optional<Object> recoveryView(String check) {
    return healing.flatMap(h -> h.view(check)).map(v -> (Object) v);
  }

  /** {@code POST /api/checks/{name}/quarantine/lift}; nothing is quarantined while starting. */
  Extensions.LiftOutcome lift(String check, String by) {
    return healing
        .map(h -> h.lift(check, by))
        .orElseGet(
            () -> new Extensions.LiftOutcome(Extensions.LiftResult.UNKNOWN, Optional.empty()));
  }

  /** The {@code config} section of {@code /diagnostics}. */
  Object configSummary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("server", inForce());
    if (config.isEmpty()) {
      summary.put("status", "starting");
      return summary;
    }
    AgentConfig current = config.get().current();
    summary.put("file", current.file().map(Object::toString).orElse("built-in local checks"));
    summary.put("checks", current.checks().size());
    summary.put("warnings", current.warnings());
    summary.put("settings", settings(current));
    return summary;
  }

  /** Masking every check's settings costs milliseconds at 10,000 checks: once per config. */
  private Map<String, Object> settings(AgentConfig current) {
    Settings s = settings;
    if (s == null || s.config() != current) {
      s = new Settings(current, current.summary());
      settings = s;
    }
    return s.masked();
  }

  /** The server settings the endpoints enforce: what was bound at start. */
  private Map<String, Object> inForce() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("host", options.host());
    json.put("port", server.map(VigilServer::port).orElse(options.port()));
    json.put("token", options.token().isPresent() ? "set" : "not set");
    json.put("allowAnonymous", options.allowAnonymous());
    return json;
  }

  /** Stops what started: the watcher, the fleet membership, healing, alerts and the cluster. */
  @Override
  public void close() {
    config.ifPresent(LiveConfig::close);
    fleet.ifPresent(AgentFleet::close);
    healing.ifPresent(Healing::close);
    alerts.ifPresent(AgentAlerts::close);
    cluster.ifPresent(AgentCluster::close);
  }
}
