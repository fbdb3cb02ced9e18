/**
 * Not API: the JSON shapes, access rules, problem responses, diagnostics and metrics behind {@link
 * io.vigil.server.HealthRoutes}. Public only so that package can use them; may change at any time.
 */
package io.vigil.server.internal;
