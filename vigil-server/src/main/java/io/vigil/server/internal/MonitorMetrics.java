package io.vigil.server.internal;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.core.Monitor;
import io.vigil.micrometer.VigilMetrics;
import java.util.Set;

/**
 * The registry behind {@code /metrics}: the monitor's {@code vigil_*} meters ({@link VigilMetrics},
 * refreshed before each scrape so removed checks disappear at once), JVM and process metrics.
 */
public final class MonitorMetrics implements AutoCloseable {

  /**
   * Meters whose Prometheus names promtool's lint rejects ({@code process_cpu_time_ns_total}:
   * abbreviated unit; {@code system_cpu_count}: a gauge ending in {@code _count}); the same facts
   * remain as {@code process_cpu_usage} and {@code system_cpu_usage}.
   */
  private static final Set<String> LINT_REJECTED = Set.of("process.cpu.time", "system.cpu.count");

  private final VigilMetrics vigil;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public MonitorMetrics(Monitor monitor, PrometheusMeterRegistry registry) {
    registry.config().meterFilter(MeterFilter.deny(id -> LINT_REJECTED.contains(id.getName())));
    vigil = VigilMetrics.refreshedByCaller(monitor);
    vigil.bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** Brings the per-check and per-component meters in line with the monitor's checks. */
  public void refresh() {
    vigil.refresh();
  }

  @Override
  public void close() {
    vigil.close();
    gc.close();
  }
}
