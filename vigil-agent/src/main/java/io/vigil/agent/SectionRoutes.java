package io.vigil.agent;

import io.javalin.http.Context;
import io.vigil.server.ApiRoutes;
import java.util.Optional;

/**
 * What the routes of an optional configuration section ({@code cluster:}, {@code fleet:}) serve
 * from: 503 while the agent starts, 404 (saying which section is missing) when the configuration
 * has none, the part itself otherwise.
 *
 * @param <T> the part the routes read
 */
final class SectionRoutes<T> {

  /** A route's work on the part. */
  interface Handler<T> {
    void handle(T part) throws Exception;
  }

  private final String missing;
  private volatile Optional<T> part = Optional.empty();
  private volatile boolean started;

  /**
   * @param missing the 404's detail when the configuration has no such section
   */
  SectionRoutes(String missing) {
    this.missing = missing;
  }

  /** The agent started, with this part or none. */
  void started(Optional<T> value) {
    part = value;
    started = true;
  }

  void with(Context ctx, Handler<T> handler) throws Exception {
    Optional<T> current = part;
    if (current.isPresent()) {
      handler.handle(current.get());
    } else if (!started) {
      ApiRoutes.problem(ctx, 503, "the agent is still starting");
    } else {
      ApiRoutes.problem(ctx, 404, missing);
    }
  }
}
