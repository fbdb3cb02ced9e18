/**
 * Check types for configuration files: the {@link io.vigil.checks.CheckType} SPI, typed settings
 * that report problems with their paths, and thresholds. Built-in checks live in sub-packages.
 */
package io.vigil.checks;
