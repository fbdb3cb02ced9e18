package io.vigil.checks.system;

import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import java.util.Locale;
import oshi.hardware.CentralProcessor;

/**
 * The 1-minute load average per core (defaults: warning 2.0, critical 4.0 per core), with the 1, 5
 * and 15-minute averages as details. UNKNOWN where the platform has no load average.
 */
final class LoadCheck implements HealthCheck {

  /** The default limits in load per core. */
  static final Thresholds DEFAULT_THRESHOLDS = new Thresholds(2.0, 4.0);

  private final Thresholds thresholds;
  private final CentralProcessor cpu = Oshi.get().getHardware().getProcessor();

  /** Judges the load per core against these limits. */
  LoadCheck(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public Result check(CheckContext ctx) {
    double[] load = cpu.getSystemLoadAverage(3);
    if (load[0] < 0) {
      return Result.unknown("this platform reports no load average");
    }
    int cores = Math.max(1, cpu.getLogicalProcessorCount());
    double perCore = load[0] / cores;
    String message =
        String.format(
            Locale.ROOT,
            "load %.2f %.2f %.2f on %d cores (%.2f per core)",
            load[0],
            load[1],
            load[2],
            cores,
            perCore);
    return Result.of(thresholds.judge(perCore), message)
        .withDetail("load1", Percent.round(load[0]))
        .withDetail("load5", Percent.round(load[1]))
        .withDetail("load15", Percent.round(load[2]))
        .withDetail("cores", cores)
        .withDetail("load1_per_core", Math.round(perCore * 100) / 100.0)
        .withDetail("warning_per_core", thresholds.warning())
        .withDetail("critical_per_core", thresholds.critical());
  }
}
