package io.vigil.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.Context;
import java.io.UncheckedIOException;

/** Writes JSON responses with one shared mapper. */
public final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  public static byte[] bytes(Object value, boolean pretty) {
    try {
      return (pretty ? PRETTY : MAPPER).writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON object as a map; IllegalArgumentException when the text is not one. */
  @SuppressWarnings("unchecked")
  public static java.util.Map<String, Object> parseObject(String text) {
    try {
      Object value = MAPPER.readValue(text, Object.class);
      if (value instanceof java.util.Map<?, ?>) {
        return (java.util.Map<String, Object>) value;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw new IllegalArgumentException("not a JSON object");
  }

  /**
   * An already encoded compact body ({@link RenderCache}); with {@code ?pretty} the value is
   * rendered and indented instead.
   */
  public static void sendCached(
      Context ctx, int status, Body compact, java.util.function.Supplier<Object> value) {
    if (pretty(ctx)) {
      send(ctx, status, value.get());
      return;
    }
    ctx.status(status).contentType("application/json");
    if (compact.compressible()) {
      ctx.header("Vary", "Accept-Encoding");
      if (Body.acceptsGzip(ctx.header("Accept-Encoding"))) {
        ctx.header("Content-Encoding", "gzip").result(compact.gzip());
        return;
      }
    }
    ctx.result(compact.plain());
  }

  public static void send(Context ctx, int status, Object body) {
    send(ctx, status, body, "application/json");
  }

  /**
   * Compact JSON; indented for people when the request has {@code ?pretty} (but not {@code
   * ?pretty=false} or {@code ?pretty=0}).
   */
  static void send(Context ctx, int status, Object body, String contentType) {
    ctx.status(status).contentType(contentType).result(bytes(body, pretty(ctx)));
  }

  private static boolean pretty(Context ctx) {
    String flag = ctx.queryParam("pretty");
    return flag != null && !flag.equalsIgnoreCase("false") && !flag.equals("0");
  }
}
