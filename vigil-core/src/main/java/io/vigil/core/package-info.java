/**
 * The Vigil health engine's API: define checks ({@link io.vigil.core.HealthCheck}, {@link
 * io.vigil.core.CheckSpec}), run them ({@link io.vigil.core.Monitor}, built by {@link
 * io.vigil.core.MonitorBuilder}; {@link io.vigil.core.ManualMonitor} for tests that drive time),
 * read health ({@link io.vigil.core.HealthSnapshot}) and react to changes ({@link
 * io.vigil.core.HealthEvent}). Depends on no other package of Vigil: the engine behind it is found
 * through {@link io.vigil.core.EngineProvider}.
 */
package io.vigil.core;
