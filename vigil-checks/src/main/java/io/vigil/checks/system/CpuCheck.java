package io.vigil.checks.system;

import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import java.time.Duration;
import java.util.Arrays;
import oshi.hardware.CentralProcessor;

/**
 * CPU busy time since the previous run (the first run samples for one second), with the load
 * averages as details (defaults: warning 90 %, critical 95 %).
 */
final class CpuCheck implements HealthCheck {

  /** The default limits in percent busy. */
  static final Thresholds DEFAULT_THRESHOLDS = new Thresholds(90, 95);

  private static final Duration FIRST_SAMPLE = Duration.ofSeconds(1);

  private final Thresholds thresholds;
  private final CentralProcessor cpu = Oshi.get().getHardware().getProcessor();
  private volatile long[] previousTicks;

  /** Judges CPU use against these limits. */
  CpuCheck(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public Result check(CheckContext ctx) throws InterruptedException {
    long[] before = previousTicks;
    if (before == null) {
      before = cpu.getSystemCpuLoadTicks();
      ctx.sleep(FIRST_SAMPLE);
    }
    double busy = cpu.getSystemCpuLoadBetweenTicks(before);
    previousTicks = cpu.getSystemCpuLoadTicks();
    if (Double.isNaN(busy) || busy < 0) {
      return Result.unknown("cannot read CPU time");
    }
    double[] load = cpu.getSystemLoadAverage(3);
    return Percent.used("cpu", busy * 100, cpu.getLogicalProcessorCount() + " cores", thresholds)
        .withDetail("cores", cpu.getLogicalProcessorCount())
        .withDetail(
            "load_average",
            Arrays.stream(load).map(v -> v < 0 ? -1 : Percent.round(v)).boxed().toList());
  }
}
