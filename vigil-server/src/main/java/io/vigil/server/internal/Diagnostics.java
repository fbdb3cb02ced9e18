package io.vigil.server.internal;

import io.vigil.core.EngineStats;
import io.vigil.core.Monitor;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /diagnostics}: the JVM, threads, GC, the engine, and the application's sections. */
public final class Diagnostics {

  private Diagnostics() {}

  public static Map<String, Object> of(Monitor monitor, Map<String, Supplier<Object>> extra) {
    Map<String, Object> json = new LinkedHashMap<>();
    RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    Map<String, Object> jvm = new LinkedHashMap<>();
    jvm.put("version", Runtime.version().toString());
    jvm.put("vendor", System.getProperty("java.vendor"));
    jvm.put("pid", ProcessHandle.current().pid());
    jvm.put("uptime_ms", runtime.getUptime());
    jvm.put("processors", Runtime.getRuntime().availableProcessors());
    jvm.put("heap_used_bytes", heap.getUsed());
    jvm.put("heap_committed_bytes", heap.getCommitted());
    jvm.put("heap_max_bytes", heap.getMax());
    json.put("jvm", jvm);

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Object> threadJson = new LinkedHashMap<>();
    threadJson.put("live", threads.getThreadCount());
    threadJson.put("daemon", threads.getDaemonThreadCount());
    threadJson.put("peak", threads.getPeakThreadCount());
    json.put("threads", threadJson);

    Map<String, Object> gc = new LinkedHashMap<>();
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc.put(
          collector.getName(),
          Map.of(
              "count", collector.getCollectionCount(), "time_ms", collector.getCollectionTime()));
    }
    json.put("gc", gc);

    EngineStats stats = monitor.stats();
    Map<String, Object> engine = new LinkedHashMap<>();
    engine.put("checks", stats.checks());
    engine.put("in_flight", stats.inFlight());
    engine.put("runs", stats.runs());
    engine.put("timeouts", stats.timeouts());
    engine.put("abandoned_runs", stats.abandonedRuns());
    engine.put("listener_drops", stats.listenerDrops());
    engine.put("scheduler_lag_ms", stats.lastLag().toMillis());
    engine.put("scheduler_max_lag_ms", stats.maxLag().toMillis());
    engine.put("scheduler_lag_p50_ms", millis(stats.schedulerLag().quantile(0.5)));
    engine.put("scheduler_lag_p99_ms", millis(stats.schedulerLag().quantile(0.99)));
    engine.put("scheduler_last_tick", stats.lastTick().toString());
    json.put("engine", engine);

    extra.forEach((name, section) -> json.put(name, section.get()));
    return json;
  }

  private static double millis(java.time.Duration d) {
    return Math.round(d.toNanos() / 1e4) / 100.0;
  }
}
