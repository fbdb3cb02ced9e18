/**
 * The live dashboard: {@link io.vigil.server.dashboard.DashboardModule} serves a page at {@code /}
 * from the jar, pushes snapshot changes over Server-Sent Events and answers the compact series the
 * page draws, plus {@code POST /api/checks/{name}/run}. Implementation classes are package-private.
 */
package io.vigil.server.dashboard;
