package io.vigil.checks.system;

import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import oshi.hardware.VirtualMemory;

/** Swap space in use (defaults: warning 80 %, critical 95 %); OK when there is no swap. */
final class SwapCheck implements HealthCheck {

  /** The default limits in percent used. */
  static final Thresholds DEFAULT_THRESHOLDS = new Thresholds(80, 95);

  private final Thresholds thresholds;

  /** Judges swap use against these limits. */
  SwapCheck(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public Result check(CheckContext ctx) {
    VirtualMemory swap = Oshi.get().getHardware().getMemory().getVirtualMemory();
    long total = swap.getSwapTotal();
    long used = swap.getSwapUsed();
    if (total <= 0) {
      return Result.ok("no swap configured").withDetail("total_mb", 0L);
    }
    double percent = 100.0 * used / total;
    return Percent.used(
            "swap", percent, Bytes.format(used) + " of " + Bytes.format(total), thresholds)
        .withDetail("total_mb", total / (1024 * 1024))
        .withDetail("used_mb", used / (1024 * 1024));
  }
}
