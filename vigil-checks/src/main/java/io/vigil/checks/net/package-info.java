/**
 * Network check types: {@code http}, {@code tcp}, {@code tls}, {@code dns}. The checks are
 * package-private; configuration files and {@link io.vigil.checks.CheckTypes} create them through
 * {@link io.vigil.checks.net.NetCheckTypes}, public only for {@link java.util.ServiceLoader}.
 */
package io.vigil.checks.net;
