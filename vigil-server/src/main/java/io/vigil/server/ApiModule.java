package io.vigil.server;

/**
 * A group of routes an application adds to the server beside the health endpoints (alerts, cluster,
 * dashboard, fleet). Each module adds its routes through {@link ApiRoutes}, which applies the
 * server's access rules, so a module never handles the token itself.
 */
@FunctionalInterface
public interface ApiModule {

  /** Adds this module's routes. */
  void addTo(ApiRoutes routes);
}
