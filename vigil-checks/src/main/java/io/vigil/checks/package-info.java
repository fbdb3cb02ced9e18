/**
 * Check types for configuration files, and what a module needs to add its own: the {@link
 * io.vigil.checks.CheckType} SPI ({@link io.vigil.checks.CheckTypeProvider} via {@link
 * java.util.ServiceLoader}, loaded by {@link io.vigil.checks.CheckTypes} with the application's
 * {@link io.vigil.checks.CheckTypeContext}), typed {@link io.vigil.checks.CheckSettings} that
 * report problems with their paths, {@link io.vigil.checks.Thresholds}, {@link
 * io.vigil.checks.Sizes} and {@link io.vigil.checks.Failures}; the {@link
 * io.vigil.checks.Heartbeats} pushed to an application, and {@link io.vigil.checks.BoundCheck} for
 * checks that hold a place while registered. Built-in types live in sub-packages, their checks
 * package-private; the {@code kits} are constructed by embedding code.
 */
package io.vigil.checks;
