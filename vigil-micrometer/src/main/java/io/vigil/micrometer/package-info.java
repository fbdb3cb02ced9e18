/**
 * Micrometer meters of a {@link io.vigil.core.Monitor}: bind {@link
 * io.vigil.micrometer.VigilMetrics} to any {@code MeterRegistry}.
 */
package io.vigil.micrometer;
