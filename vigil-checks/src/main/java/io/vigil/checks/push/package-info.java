/**
 * The {@code heartbeat} check type: a push check fed by {@link io.vigil.checks.Heartbeats}. Its
 * check class is package-private; configuration files and {@link io.vigil.checks.CheckTypes} create
 * it.
 */
package io.vigil.checks.push;
