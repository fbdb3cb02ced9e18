package io.vigil.agent;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.checks.push.Heartbeats;
import io.vigil.core.Monitor;
import io.vigil.server.Extensions;
import io.vigil.server.ServerOptions;
import io.vigil.server.VigilServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
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

  /** Starts the engine and the server; stops the engine again if the server cannot start. */
  static Agent start(ConfigLoader loader, AgentConfig initial) {
    Monitor monitor = Monitor.builder().build();
    monitor.subscribe(new EventLogger());
    LiveConfig config = new LiveConfig(loader, monitor, initial);
    Healing healing;
    try {
      healing = Healing.start(initial, monitor);
    } catch (java.io.IOException | RuntimeException e) {
      monitor.stop();
      throw new IllegalStateException("cannot start a supervised program: " + e.getMessage(), e);
    }
    config.onApplied(healing::apply);
    monitor.start();
    ServerOptions options = withVersion(initial.server());
    Extensions extensions =
        Extensions.none()
            .withReloader(config::reload)
            .withDiagnostics("config", () -> configSummary(config))
            .withDiagnostics("reload", config::lastReload)
            .withDiagnostics("recovery", healing::views)
            .withCheckSection("recovery", name -> healing.view(name).map(v -> (Object) v))
            .withHeartbeats(
                (name, status, message) ->
                    Heartbeats.shared().beat(name, status, message, java.time.Instant.now()));
    VigilServer server;
    try {
      server = VigilServer.start(monitor, options, extensions);
    } catch (RuntimeException e) {
      healing.close();
      monitor.stop();
      throw e;
    }
    healing.bindMetrics(server.routes().registry());
    config.watch();
    long startupMs =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    LOG.info(
        "event=started version={} checks={} url=http://{}:{}/health startup_ms={} pid={}",
        Version.current(),
        initial.checks().size(),
        options.host(),
        server.port(),
        startupMs,
        ProcessHandle.current().pid());
    return new Agent(monitor, config, server, healing, options.drain());
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
