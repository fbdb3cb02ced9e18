package io.vigil.server.internal;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Errors as RFC 9457 problem details ({@code application/problem+json}). */
public final class Problems {

  private static final String SENT = "vigil.problem";

  private Problems() {}

  /** Whether a handler already answered with a problem (so a generic error page must not). */
  public static boolean sent(Context ctx) {
    return ctx.attribute(SENT) != null;
  }

  public static void send(Context ctx, int status, String title, String detail) {
    send(ctx, status, title, detail, Map.of());
  }

  public static void send(
      Context ctx, int status, String title, String detail, Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", ctx.path());
    body.putAll(extra);
    ctx.attribute(SENT, Boolean.TRUE);
    ctx.header("Cache-Control", "no-store"); // errors too: 404 and 405 come from Javalin's router
    Json.send(ctx, status, body, "application/problem+json");
  }
}
