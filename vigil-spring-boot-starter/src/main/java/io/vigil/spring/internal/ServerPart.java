package io.vigil.spring.internal;

import io.vigil.core.Monitor;
import io.vigil.server.Extensions;
import io.vigil.server.ServerOptions;
import io.vigil.server.VigilServer;
import io.vigil.spring.VigilProperties;

/**
 * Vigil's own endpoints ({@code vigil.server.enabled}) on a port of their own, started and stopped
 * with the monitor. The server's JSON uses Jackson 2 of its own, apart from the application's
 * Jackson 3 (Boot 4): the two live in different packages and neither configures the other.
 */
public final class ServerPart implements VigilLifecycle.Part {

  private final Monitor monitor;
  private final ServerOptions options;
  private volatile VigilServer server;

  public ServerPart(Monitor monitor, VigilProperties.Server settings) {
    this.monitor = monitor;
    ServerOptions base =
        ServerOptions.defaults().withHost(settings.host(), false).withPort(settings.port());
    this.options = settings.token() == null ? base : base.withToken(settings.token());
  }

  @Override
  public void start() {
    server = VigilServer.start(monitor, options, Extensions.none());
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** The port bound, once started. */
  public int port() {
    return server.port();
  }
}
