package io.vigil.checks.system;

import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import java.time.Duration;
import java.util.Arrays;
import oshi.hardware.CentralProcessor;

/**
 * CPU busy time since the previous run (the first run: since the check was created, so it never
 * waits for a sampling second; when no tick has passed since, it waits in steps of {@value
 * #MIN_SAMPLE_MS} ms until the counters move), with the load averages as details (defaults: warning
 * 90 %, critical 95 %).
 */
final class CpuCheck implements HealthCheck {

  /** The default limits in percent busy. */
  static final Thresholds DEFAULT_THRESHOLDS = new Thresholds(90, 95);

  /** The shortest sample: when the counters have not moved since the previous reading. */
  static final long MIN_SAMPLE_MS = 100;

  /**
   * At most this many waits of {@link #MIN_SAMPLE_MS} for the counters to move (OSHI reads them
   * again only after its cache of about 300 ms expires).
   */
  static final int MAX_WAITS = 10;

  private final Thresholds thresholds;
  private final CentralProcessor cpu = Oshi.get().getHardware().getProcessor();
  private volatile long[] previousTicks;

  /** Judges CPU use against these limits; the first run measures from now. */
  CpuCheck(Thresholds thresholds) {
    this.thresholds = thresholds;
    this.previousTicks = cpu.getSystemCpuLoadTicks();
  }

  @Override
  public Result check(CheckContext ctx) throws InterruptedException {
    long[] before = previousTicks;
    // OSHI keeps the counters it read for a few hundred ms: wait in short steps until they move.
    for (int i = 0; i < MAX_WAITS && elapsedTicks(before, cpu.getSystemCpuLoadTicks()) == 0; i++) {
      ctx.sleep(Duration.ofMillis(MIN_SAMPLE_MS));
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

  private static long elapsedTicks(long[] before, long[] now) {
    long total = 0;
    for (int i = 0; i < Math.min(before.length, now.length); i++) {
      total += now[i] - before[i];
    }
    return total;
  }
}
