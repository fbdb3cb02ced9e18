/**
 * The Vigil health engine's API: define checks ({@link io.vigil.core.HealthCheck}, {@link
 * io.vigil.core.CheckSpec}), run them ({@link io.vigil.core.Monitor}), read health ({@link
 * io.vigil.core.HealthSnapshot}) and react to changes ({@link io.vigil.core.HealthEvent}).
 */
package io.vigil.core;
