package io.vigil.agent;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigDocument;
import io.vigil.agent.config.ConfigException;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.alerts.SendGate;
import io.vigil.checks.Heartbeats;
import io.vigil.core.Monitor;
import io.vigil.recovery.RecoveryStateStore;
import io.vigil.server.Extensions;
import io.vigil.server.ServerOptions;
import io.vigil.server.VigilServer;
import io.vigil.server.dashboard.DashboardModule;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running agent: the engine with its configured checks, the HTTP endpoints and reloads. */
final class Agent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final Monitor monitor;
  private final LiveConfig config;
  private final VigilServer server;
  private final Healing healing;
  private final Duration drain;
  private final Optional<AgentStore> store;
  private final AgentAlerts alerts;
  private final DashboardModule dashboard;
  private final Optional<AgentCluster> cluster;
  private final Optional<AgentFleet> fleet;

  private Agent(
      Monitor monitor,
      LiveConfig config,
      VigilServer server,
      Healing healing,
      ServerOptions options,
      Optional<AgentStore> store,
      AgentAlerts alerts,
      DashboardModule dashboard,
      Optional<AgentCluster> cluster,
      Optional<AgentFleet> fleet) {
    this.fleet = fleet;
    this.store = store;
    this.alerts = alerts;
    this.dashboard = dashboard;
    this.cluster = cluster;
    this.monitor = monitor;
    this.config = config;
    this.server = server;
    this.healing = healing;
    this.drain = options.drain();
  }

  /**
   * Starts the agent, in this order: builds the monitor and starts the server at once, so the
   * probes answer {@code STARTING} from the first moment (an unsafe bind is refused here, before
   * anything runs); then validates the document and creates its checks, registers them, starts
   * healing and the monitor, and watches the file. Whatever started is stopped again when a later
   * step fails.
   *
   * @param server the server options, read from {@code document} ({@link ConfigLoader#server})
   * @param heartbeats the agent's heartbeats: the ones its configured {@code heartbeat} checks
   *     watch (given to the loader's check types) and {@code POST /api/heartbeat/{name}} feeds
   * @throws VigilServer.UnsafeBindException when the address is not loopback and has no token
   * @throws ConfigException when the document is invalid
   */
  static Agent start(
      ConfigLoader loader, ConfigDocument document, ServerOptions server, Heartbeats heartbeats)
      throws ConfigException {
    Monitor monitor = Monitor.builder().build();
    monitor.subscribe(new EventLogger());
    ServerOptions options = withVersion(server);
    AgentParts parts = new AgentParts(options);
    DashboardModule dashboard = dashboard(monitor, parts);
    Extensions extensions = extensions(parts, heartbeats).withApi(dashboard);
    VigilServer http = serve(monitor, options, extensions, dashboard);
    parts.served(http);
    Optional<AgentStore> store = Optional.empty();
    try {
      AgentConfig initial = loader.load(document);
      store = openStore(initial, monitor, parts, http);
      Optional<AgentCluster> cluster =
          initial.cluster().map(c -> AgentCluster.start(c, monitor, initial.healing().directory()));
      parts.clustered(cluster); // from here on, a failure closes it too
      cluster.ifPresent(c -> c.bindMetrics(http.routes().registry()));
      LiveConfig config = new LiveConfig(loader, monitor, initial);
      Optional<AgentFleet> fleet = joinFleet(initial, options, http, monitor, config);
      parts.fleet(fleet, config::current); // from here on, a failure closes it too
      config.registerChecks();
      Healing healing = startHealing(initial, monitor, store, options.nodeId());
      fleet.ifPresent(f -> healing.fence(f.fence()));
      parts.running(config, healing); // from here on, a failure closes them too
      AgentAlerts alerts = startAlerts(initial, monitor, store, http, cluster, fleet, healing);
      parts.alerting(alerts);
      config.onApplied(
          applied -> {
            healing.apply(applied);
            alerts.apply(applied);
            fleet.ifPresent(f -> f.checksChanged(applied));
          });
      healing.bindMetrics(http.routes().registry());
      monitor.start();
      config.watch();
      logStarted(initial, options, http);
      Agent agent =
          new Agent(
              monitor, config, http, healing, options, store, alerts, dashboard, cluster, fleet);
      healing.exitOnCriticalFailure(initial.healing(), agent);
      return agent;
    } catch (ConfigException | RuntimeException e) {
      parts.close();
      monitor.stop();
      store.ifPresent(AgentStore::close);
      dashboard.close();
      http.close();
      throw e;
    }
  }

  /**
   * Joins the fleet of the configuration, if any: only the checks of its partitions (and those of
   * {@code scope: every-agent}) are registered here from now on.
   */
  private static Optional<AgentFleet> joinFleet(
      AgentConfig config,
      ServerOptions options,
      VigilServer http,
      Monitor monitor,
      LiveConfig live) {
    if (config.fleet().isEmpty() || config.store().config().isEmpty()) {
      return Optional.empty();
    }
    String address = "http://" + options.host() + ":" + http.port();
    AgentFleet fleet =
        AgentFleet.start(
            config.fleet().get(),
            config.store().config().get(),
            options,
            address,
            monitor,
            live::current);
    fleet.placeChecks(live);
    return Optional.of(fleet);
  }

  /**
   * Starts the alerts (in a fleet, sending only while holding its {@code alerts} lease), fed by the
   * monitor's events, recovery events, dead cluster nodes and dead fleet agents.
   */
  private static AgentAlerts startAlerts(
      AgentConfig config,
      Monitor monitor,
      Optional<AgentStore> store,
      VigilServer http,
      Optional<AgentCluster> cluster,
      Optional<AgentFleet> fleet,
      Healing healing) {
    AgentAlerts alerts =
        AgentAlerts.start(
            config,
            monitor,
            () -> store.flatMap(AgentStore::store),
            http.routes().registry(),
            fleet.map(AgentFleet::sendGate).orElse(SendGate.OPEN));
    cluster.ifPresent(c -> c.monitor().subscribe(new NodeAlerts(alerts.alerts())));
    fleet.ifPresent(f -> f.alertOnPeers(alerts.alerts()));
    healing.onRecovery(alerts::recovery);
    return alerts;
  }

  /** Starts the server, whose probes answer {@code starting} from now on. */
  private static VigilServer serve(
      Monitor monitor, ServerOptions options, Extensions extensions, DashboardModule dashboard) {
    VigilServer http;
    try {
      http = VigilServer.start(monitor, options, extensions);
    } catch (RuntimeException e) {
      dashboard.close();
      throw e;
    }
    LOG.info(
        "event=serving url=http://{}:{}/health status=starting startup_ms={}",
        options.host(),
        http.port(),
        sinceJvmStart());
    return http;
  }

  /**
   * Opens the store of the configuration (a store that cannot open leaves its check CRITICAL and is
   * tried again at each of its runs) and shows it in the endpoints.
   */
  private static Optional<AgentStore> openStore(
      AgentConfig config, Monitor monitor, AgentParts parts, VigilServer http) {
    MeterRegistry registry = http.routes().registry();
    Optional<Monitor> local = Optional.of(monitor);
    Optional<AgentStore> store =
        AgentStore.start(config.store(), monitor, s -> TaskHandlers.of(s, local, registry));
    store.ifPresent(
        s -> {
          StoreEndpoints endpoints = new StoreEndpoints(s, TaskHandlers.types(local));
          endpoints.bindMetrics(registry);
          parts.stored(endpoints);
        });
    return store;
  }

  /** The dashboard, with the store's history, the recovery views and the task queue. */
  private static DashboardModule dashboard(Monitor monitor, AgentParts parts) {
    return DashboardModule.builder(monitor)
        .history(parts::history)
        .healing(parts::healingPanel)
        .tasks(parts::tasksPanel)
        .panels(parts::panels)
        .build();
  }

  /**
   * Starts healing with its state in the store under the node's id (the state file moved in once),
   * every recovery event recorded there; without a store, its state in the state file.
   */
  private static Healing startHealing(
      AgentConfig config, Monitor monitor, Optional<AgentStore> store, String node) {
    Path stateFile = config.healing().stateFile();
    Optional<StoreRecovery> stored = store.map(s -> new StoreRecovery(s, node, stateFile));
    RecoveryStateStore state =
        stored.<RecoveryStateStore>map(r -> r).orElseGet(() -> RecoveryStateStore.file(stateFile));
    try {
      Healing healing = Healing.start(config, monitor, state);
      stored.ifPresent(r -> healing.subscribe(r::record));
      return healing;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot start a supervised program: " + e.getMessage(), e);
    }
  }

  /**
   * What the agent adds to the endpoints: reload, diagnostics, recovery views, heartbeats. While
   * the agent starts, reload is refused and the views are empty.
   */
  private static Extensions extensions(AgentParts parts, Heartbeats heartbeats) {
    return Extensions.none()
        .withReloader(parts::reload)
        .withDiagnostics("config", parts::configSummary)
        .withDiagnostics("reload", parts::lastReload)
        .withDiagnostics("recovery", parts::recoveryViews)
        .withDiagnostics("store", parts::storeSummary)
        .withDiagnostics("alerts", parts::alertsSummary)
        .withApi(new AlertRoutes(parts::alerts))
        .withDiagnostics("cluster", parts::clusterSummary)
        .withHistory(parts::history)
        .withTasks(parts.tasks())
        .withCheckSection("recovery", parts::recoveryView)
        .withQuarantineLifter(parts::lift)
        .withHeartbeats(
            (name, status, message) -> heartbeats.beat(name, status, message, Instant.now()))
        .withApi(parts.clusterRoutes())
        .withDiagnostics("fleet", parts::fleetSummary)
        .withApi(parts.fleetRoutes());
  }

  private static void logStarted(AgentConfig config, ServerOptions options, VigilServer server) {
    long startupMs = sinceJvmStart();
    LOG.info(
        "event=started version={} checks={} url=http://{}:{}/health startup_ms={} pid={}",
        Version.current(),
        config.checks().size(),
        options.host(),
        server.port(),
        startupMs,
        ProcessHandle.current().pid());
  }

  private static long sinceJvmStart() {
    return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
  }

  private static ServerOptions withVersion(ServerOptions o) {
    return new ServerOptions(
        o.host(),
        o.port(),
        o.token(),
        o.allowAnonymous(),
        o.drain(),
        o.nodeId(),
        Version.current());
  }

  Monitor monitor() {
    return monitor;
  }

  /** The configuration in force. */
  AgentConfig config() {
    return config.current();
  }

  int port() {
    return server.port();
  }

  /**
   * Stops: the system turns STOPPING (readiness answers 503) while the server keeps answering for
   * the drain time, so load balancers take this node out; then the server stops.
   */
  @Override
  public void close() {
    long t0 = System.nanoTime();
    config.close();
    fleet.ifPresent(AgentFleet::close); // its partitions go to the peers at once
    cluster.ifPresent(AgentCluster::close);
    healing.close();
    monitor.stop();
    alerts.close();
    store.ifPresent(AgentStore::close);
    try {
      Thread.sleep(drain);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dashboard.close();
    server.close();
    LOG.info("event=stopped stop_ms={}", (System.nanoTime() - t0) / 1_000_000);
  }
}
