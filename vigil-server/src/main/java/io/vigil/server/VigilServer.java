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
              // Javalin puts its servlet inside this wrapper: the hot endpoints skip the router
              config.jetty.modifyServer(server -> server.setHandler(routes[0].fastPath()));
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
              config.routes.exception(Exception.class, VigilServer::failed);
            });
    app.start(options.host(), options.port());
    return new VigilServer(app, routes[0]);
  }

  /**
   * A request that broke off (a truncated body, a client gone) is the client's problem: 400 and one
   * line in the log. Anything else is ours: 500, and the stack trace for us to fix.
   */
  private static void failed(Exception e, io.javalin.http.Context ctx) {
    if (e instanceof ApiRoutes.BadRequest bad) {
      Problems.send(ctx, 400, "Bad Request", bad.getMessage());
      return;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException || t.getClass().getSimpleName().contains("BadMessage")) {
        LOG.info(
            "event=request_incomplete path={} error=\"{}\"",
            ctx.path(),
            t.getClass().getSimpleName());
        Problems.send(ctx, 400, "Bad Request", "the request could not be read completely");
        return;
      }
    }
    LOG.error("event=request_failed path={} error=\"{}\"", ctx.path(), e, e);
    Problems.send(ctx, 500, "Internal Server Error", e.getClass().getSimpleName());
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

  /**
   * Stops: first the API modules that hold requests open (the dashboard's live feed ends its
   * streams while the server still runs), then the server.
   */
  @Override
  public void close() {
    routes.closeModules();
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
