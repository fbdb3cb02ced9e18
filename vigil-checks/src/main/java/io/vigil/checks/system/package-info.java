/**
 * Check types of the local machine (OSHI): {@code cpu}, {@code load}, {@code memory}, {@code swap},
 * {@code disk}, {@code open-files}, {@code threads}, {@code uptime}, {@code system}, {@code jvm}.
 * The checks are package-private behind {@link io.vigil.checks.system.SystemCheckTypes}; {@link
 * io.vigil.checks.system.LocalChecks} lists the ones an agent runs without a configuration.
 */
package io.vigil.checks.system;
