/**
 * Data store check types: {@code jdbc} (PostgreSQL, MariaDB, ...) and {@code redis}. The checks are
 * package-private; configuration files and {@link io.vigil.checks.CheckTypes} create them through
 * {@link io.vigil.checks.data.DataCheckTypes}, public only for {@link java.util.ServiceLoader}.
 */
package io.vigil.checks.data;
