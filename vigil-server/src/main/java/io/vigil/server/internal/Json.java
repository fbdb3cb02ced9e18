package io.vigil.server.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Writes JSON responses. The answers are trees of maps, lists, strings, numbers and booleans: they
 * are written with Jackson's streaming generator, and anything else goes to a shared {@link
 * ObjectMapper}, made at first need (its set-up loads several hundred classes the agent's start
 * does not need).
 */
public final class Json {

  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** The mapper, for values that are not a tree of plain values and for parsing requests. */
  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper();
  }

  public static byte[] bytes(Object value, boolean pretty) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      if (pretty) {
        g.useDefaultPrettyPrinter();
      }
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * As {@link ObjectMapper} writes it, with no configuration. (An if chain, not a pattern switch:
   * the switch's bootstrap generates a class at its first use, at every start.)
   */
  private static void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      g.writeNumber(((Number) value).intValue());
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Double d) {
      g.writeNumber(d);
    } else if (value instanceof Float f) {
      g.writeNumber(f);
    } else if (value instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (value instanceof BigInteger i) {
      g.writeNumber(i);
    } else if (value instanceof Map<?, ?> map && stringKeys(map)) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof Collection<?> items) {
      g.writeStartArray();
      for (Object item : items) {
        write(g, item);
      }
      g.writeEndArray();
    } else {
      Mapper.INSTANCE.writeValue(g, value);
    }
  }

  private static boolean stringKeys(Map<?, ?> map) {
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        return false;
      }
    }
    return true;
  }

  /** A JSON object as a map; IllegalArgumentException when the text is not one. */
  @SuppressWarnings("unchecked")
  public static java.util.Map<String, Object> parseObject(String text) {
    try {
      Object value = Mapper.INSTANCE.readValue(text, Object.class);
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
