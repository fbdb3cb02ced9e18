package io.vigil.micrometer.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.Monitor;

/**
 * The engine's counters in a {@code PrometheusMeterRegistry}: an {@link EngineCollector} on its
 * Prometheus registry, so durations and lag are classic histograms with the engine's own buckets.
 * Only this class names the Prometheus types; it is loaded only when the registry is one.
 */
final class PrometheusEngine implements Binding.Engine {

  private static final String REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

  private final PrometheusRegistry prometheus;
  private final EngineCollector collector;

  private PrometheusEngine(PrometheusRegistry prometheus, EngineCollector collector) {
    this.prometheus = prometheus;
    this.collector = collector;
  }

  /** Whether {@code registry} is a {@code PrometheusMeterRegistry}, without loading that class. */
  static boolean supports(MeterRegistry registry) {
    for (Class<?> c = registry.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().equals(REGISTRY)) {
        return true;
      }
    }
    return false;
  }

  static PrometheusEngine register(Monitor monitor, MeterRegistry registry) {
    PrometheusRegistry prometheus = ((PrometheusMeterRegistry) registry).getPrometheusRegistry();
    EngineCollector collector = new EngineCollector(monitor);
    prometheus.register(collector);
    return new PrometheusEngine(prometheus, collector);
  }

  @Override
  public void refresh(HealthSnapshot snapshot) {
    // built from the engine's counters at every scrape: nothing to add or remove
  }

  @Override
  public void close() {
    prometheus.unregister(collector);
  }
}
