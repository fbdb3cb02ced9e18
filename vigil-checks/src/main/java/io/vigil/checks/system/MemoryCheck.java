package io.vigil.checks.system;

import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import oshi.hardware.GlobalMemory;

/** Physical memory in use, as {@code total - available} (defaults: warning 80 %, critical 95 %). */
final class MemoryCheck implements HealthCheck {

  /** The default limits in percent used. */
  static final Thresholds DEFAULT_THRESHOLDS = new Thresholds(80, 95);

  private final Thresholds thresholds;

  /** Judges memory use against these limits. */
  MemoryCheck(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public Result check(CheckContext ctx) {
    GlobalMemory memory = Oshi.get().getHardware().getMemory();
    long total = memory.getTotal();
    long available = memory.getAvailable();
    if (total <= 0) {
      return Result.unknown("cannot read the memory size");
    }
    double percent = 100.0 * (total - available) / total;
    return Percent.used(
            "memory",
            percent,
            Bytes.format(available) + " available of " + Bytes.format(total),
            thresholds)
        .withDetail("total_mb", total / (1024 * 1024))
        .withDetail("available_mb", available / (1024 * 1024));
  }
}
