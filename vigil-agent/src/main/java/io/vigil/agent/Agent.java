package io.vigil.agent;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.checks.Heartbeats;
import io.vigil.core.Monitor;
import io.vigil.server.Extensions;
import io.vigil.server.ServerOptions;
import io.vigil.server.VigilServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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

  private Agent(
      Monitor monitor, LiveConfig config, VigilServer server, Healing healing, Duration drain) {
    this.monitor = monitor;
    this.config = config;
    this.server = server;
    this.healing = healing;
    this.drain = drain;
  }

  /**
   * Starts the agent, in this order: builds the monitor, registers the configured checks, starts
   * healing, starts the monitor and the server, then watches the file. Whatever started is stopped
   * again when a later step fails.
   *
   * @param heartbeats the agent's heartbeats: the ones its configured {@code heartbeat} checks
   *     watch (given to the loader's check types) and {@code POST /api/heartbeat/{name}} feeds
   */
  static Agent start(ConfigLoader loader, AgentConfig initial, Heartbeats heartbeats) {
    Monitor monitor = Monitor.builder().build();
    monitor.subscribe(new EventLogger());
    LiveConfig config = new LiveConfig(loader, monitor, initial);
    config.registerChecks();
    Healing healing = startHealing(initial, monitor);
    config.onApplied(healing::apply);
    monitor.start();
    ServerOptions options = withVersion(initial.server());
    VigilServer server =
        startServer(monitor, options, extensions(config, healing, heartbeats), healing);
    config.watch();
    logStarted(initial, options, server);
    Agent agent = new Agent(monitor, config, server, healing, options.drain());
    healing.exitOnCriticalFailure(initial.healing(), agent);
    return agent;
  }

  private static VigilServer startServer(
      Monitor monitor, ServerOptions options, Extensions extensions, Healing healing) {
    VigilServer server;
    try {
      server = VigilServer.start(monitor, options, extensions);
    } catch (RuntimeException e) {
      healing.close();
      monitor.stop();
      throw e;
    }
    healing.bindMetrics(server.routes().registry());
    return server;
  }

  private static Healing startHealing(AgentConfig config, Monitor monitor) {
    try {
      return Healing.start(config, monitor);
    } catch (IOException | RuntimeException e) {
      monitor.stop();
      throw new IllegalStateException("cannot start a supervised program: " + e.getMessage(), e);
    }
  }

  /** What the agent adds to the endpoints: reload, diagnostics, recovery views, heartbeats. */
  private static Extensions extensions(LiveConfig config, Healing healing, Heartbeats heartbeats) {
    return Extensions.none()
        .withReloader(config::reload)
        .withDiagnostics("config", () -> configSummary(config))
        .withDiagnostics("reload", config::lastReload)
        .withDiagnostics("recovery", healing::views)
        .withCheckSection("recovery", name -> healing.view(name).map(v -> (Object) v))
        .withQuarantineLifter(healing::lift)
        .withHeartbeats(
            (name, status, message) -> heartbeats.beat(name, status, message, Instant.now()));
  }

  private static void logStarted(AgentConfig config, ServerOptions options, VigilServer server) {
    long startupMs =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    LOG.info(
        "event=started version={} checks={} url=http://{}:{}/health startup_ms={} pid={}",
        Version.current(),
        config.checks().size(),
        options.host(),
        server.port(),
        startupMs,
        ProcessHandle.current().pid());
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

  private static Object configSummary(LiveConfig config) {
    AgentConfig current = config.current();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("file", current.file().map(Object::toString).orElse("built-in local checks"));
    summary.put("checks", current.checks().size());
    summary.put("warnings", current.warnings());
    summary.put("settings", current.summary());
    return summary;
  }

  Monitor monitor() {
    return monitor;
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
    healing.close();
    monitor.stop();
    try {
      Thread.sleep(drain);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
    LOG.info("event=stopped stop_ms={}", (System.nanoTime() - t0) / 1_000_000);
  }
}
