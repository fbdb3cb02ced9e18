package io.vigil.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import io.vigil.server.internal.Access;
import io.vigil.server.internal.Json;
import io.vigil.server.internal.Problems;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where an {@link ApiModule} adds its routes. {@link #get}, {@link #post}, {@link #put}, {@link
 * #delete} and {@link #sse} need the server's token when one is set (401 otherwise) and answer
 * {@code Cache-Control: no-store}; {@link #open} routes need nothing (a page shell that asks for
 * the token itself). The static helpers answer JSON and problem details as the health endpoints do.
 */
public final class ApiRoutes {

  private final RoutesConfig routes;
  private final Access access;

  ApiRoutes(RoutesConfig routes, Access access) {
    this.routes = routes;
    this.access = access;
  }

  /** {@code GET} (and {@code HEAD}) for callers with the token. */
  public void get(String path, Handler handler) {
    routes.get(path, guarded(handler));
    routes.head(path, guarded(handler));
  }

  /** {@code POST} for callers with the token. */
  public void post(String path, Handler handler) {
    routes.post(path, guarded(handler));
  }

  /** {@code PUT} for callers with the token. */
  public void put(String path, Handler handler) {
    routes.put(path, guarded(handler));
  }

  /** {@code DELETE} for callers with the token. */
  public void delete(String path, Handler handler) {
    routes.delete(path, guarded(handler));
  }

  /**
   * A Server-Sent Events stream for callers with the token. A caller without it gets a plain 401
   * before the stream starts (once started, a stream's status is 200 and cannot change).
   */
  public void sse(String path, Consumer<SseClient> client) {
    routes.before(
        path,
        ctx -> {
          ctx.header("Cache-Control", "no-store");
          if (!access.require(ctx)) {
            ctx.skipRemainingHandlers();
          }
        });
    routes.sse(
        path,
        sse -> {
          if (access.authorized(sse.ctx())) {
            client.accept(sse);
          }
        });
  }

  /** {@code GET} (and {@code HEAD}) for anyone: only for what reveals nothing about the checks. */
  public void open(String path, Handler handler) {
    routes.get(path, handler);
    routes.head(path, handler);
  }

  /** Whether the request carries the token, or none is required. */
  public boolean authorized(Context ctx) {
    return access.authorized(ctx);
  }

  /** Who made a request, for audit records: {@code token@ADDRESS} or {@code anonymous@ADDRESS}. */
  public String caller(Context ctx) {
    return (access.tokenRequired() ? "token@" : "anonymous@") + ctx.ip();
  }

  /** Answers compact JSON (indented with {@code ?pretty}). */
  public static void json(Context ctx, int status, Object body) {
    Json.send(ctx, status, body);
  }

  /** Answers an RFC 9457 problem, e.g. {@code problem(ctx, 400, "until: must be an instant")}. */
  public static void problem(Context ctx, int status, String detail) {
    Problems.send(ctx, status, io.javalin.http.HttpStatus.forStatus(status).getMessage(), detail);
  }

  /**
   * The request body as a JSON object, or {@link BadRequest} (answered 400 with its message by the
   * server) when it is not one.
   */
  public static Map<String, Object> jsonObject(Context ctx) {
    try {
      return Json.parseObject(ctx.body());
    } catch (IllegalArgumentException e) {
      throw new BadRequest("the body must be a JSON object");
    }
  }

  private Handler guarded(Handler handler) {
    return ctx -> {
      ctx.header("Cache-Control", "no-store");
      if (access.require(ctx)) {
        handler.handle(ctx);
      }
    };
  }

  /** A request the client must change: answered 400 with the message as the detail. */
  public static final class BadRequest extends RuntimeException {
    /** A bad request, e.g. {@code new BadRequest("matchers[0].name: required")}. */
    public BadRequest(String message) {
      super(message);
    }
  }
}
