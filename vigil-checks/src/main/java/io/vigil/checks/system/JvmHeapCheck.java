package io.vigil.checks.system;

import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.Locale;

/** Percent of the JVM's maximum heap in use (defaults: warning 80 %, critical 95 %). */
final class JvmHeapCheck implements HealthCheck {

  /** The default limits in percent used. */
  static final Thresholds DEFAULT_THRESHOLDS = new Thresholds(80, 95);

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thresholds thresholds;

  /** Judges heap use against these limits. */
  JvmHeapCheck(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public Result check(CheckContext ctx) {
    MemoryUsage heap = memory.getHeapMemoryUsage();
    long limit = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
    double percentUsed = 100.0 * heap.getUsed() / limit;
    String message =
        String.format(
            Locale.ROOT,
            "heap %.1f%% used (%s of %s)",
            percentUsed,
            Bytes.format(heap.getUsed()),
            Bytes.format(limit));
    return Result.of(thresholds.judge(percentUsed), message)
        .withDetail("used_bytes", heap.getUsed())
        .withDetail("committed_bytes", heap.getCommitted())
        .withDetail("max_bytes", limit)
        .withDetail("percent_used", Math.round(percentUsed * 10) / 10.0);
  }
}
