package io.vigil.server;

import io.javalin.Javalin;
import io.vigil.core.Monitor;
import io.vigil.server.internal.Problems;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A standalone HTTP server with the health endpoints ({@link HealthRoutes}) and nothing else. */
public final class VigilServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VigilServer.class);

  private final Javalin app;
  private final HealthRoutes routes;

  private VigilServer(Javalin app, HealthRoutes routes) {
    this.app = app;
    this.routes = routes;
  }

  /**
   * Starts serving.
   *
   * @throws UnsafeBindException when asked to bind a non-loopback address without a token and
   *     without {@code allowAnonymous}
   */
  public static VigilServer start(Monitor monitor, ServerOptions options, Extensions extensions) {
    refuseUnsafeBind(options);
    HealthRoutes[] routes = new HealthRoutes[1];
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.concurrency.useVirtualThreads = true;
              config.http.prefer405over404 = true;
              routes[0] = HealthRoutes.mount(config, monitor, options, extensions);
              config.routes.error(
                  404,
                  ctx -> {
                    if (!Problems.sent(ctx)) {
                      Problems.send(ctx, 404, "Not Found", "no endpoint " + ctx.path());
                    }
                  });
              config.routes.error(
                  405,
                  ctx ->
                      Problems.send(
                          ctx,
                          405,
                          "Method Not Allowed",
                          ctx.method() + " is not allowed on " + ctx.path()));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("event=request_failed path={} error=\"{}\"", ctx.path(), e, e);
                    Problems.send(ctx, 500, "Internal Server Error", e.getClass().getSimpleName());
                  });
            });
    app.start(options.host(), options.port());
    return new VigilServer(app, routes[0]);
  }

  private static void refuseUnsafeBind(ServerOptions options) {
    if (options.token().isPresent() || options.allowAnonymous()) {
      return;
    }
    boolean loopback;
    try {
      loopback = InetAddress.getByName(options.host()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new UnsafeBindException("server.host: cannot resolve '" + options.host() + "'");
    }
    if (!loopback) {
      throw new UnsafeBindException(
          "server.host: refusing to serve health details on "
              + options.host()
              + " without a token; set server.token (or VIGIL_TOKEN), or set"
              + " server.allowAnonymous: true to let anyone who can reach it see them");
    }
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return app.port();
  }

  /** The routes, e.g. for the metrics registry. */
  public HealthRoutes routes() {
    return routes;
  }

  @Override
  public void close() {
    app.stop();
    routes.close();
  }

  /** Binding would expose details to the network without a token. */
  public static final class UnsafeBindException extends IllegalStateException {
    UnsafeBindException(String message) {
      super(message);
    }
  }
}
