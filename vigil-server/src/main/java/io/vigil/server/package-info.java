/**
 * HTTP endpoints of a {@link io.vigil.core.Monitor}: mount them in a Javalin app with {@link
 * io.vigil.server.HealthRoutes} or run them alone with {@link io.vigil.server.VigilServer}.
 */
package io.vigil.server;
