package io.vigil.server.internal;

import io.vigil.core.HealthSnapshot;
import java.util.function.Supplier;

/**
 * One endpoint's compact JSON body, encoded once per snapshot rather than once per request. A body
 * is reused while the monitor's snapshot is the same one and the body is at most {@link #MAX_AGE}
 * old, so the ages and uptime written in it are never staler than that.
 */
public final class RenderCache {

  /** How old a reused body may be, in nanoseconds (100 ms). */
  static final long MAX_AGE = 100_000_000L;

  private record Rendered(HealthSnapshot snapshot, long at, Body body) {}

  private volatile Rendered last;

  /** The body for {@code snapshot}: the cached one, or {@code render}'s, encoded and kept. */
  public Body body(HealthSnapshot snapshot, Supplier<Object> render) {
    long now = System.nanoTime();
    Rendered r = last;
    if (r != null && r.snapshot() == snapshot && now - r.at() < MAX_AGE) {
      return r.body();
    }
    Body body = new Body(Json.bytes(render.get(), false));
    last = new Rendered(snapshot, now, body);
    return body;
  }
}
