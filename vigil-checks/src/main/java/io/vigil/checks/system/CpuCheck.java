package io.vigil.checks.system;

import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import java.time.Duration;
import java.util.Arrays;
import oshi.PlatformEnum;
import oshi.SystemInfo;
import oshi.driver.linux.proc.CpuStat;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;

/**
 * CPU busy time since the previous run (the first run: since the check was created, so it never
 * waits for a sampling second; when no tick has passed since, it waits in short steps until the
 * counters move), with the load averages as details (defaults: warning 90 %, critical 95 %). On
 * Linux the counters are read from {@code /proc/stat} at each run; elsewhere through OSHI, which
 * keeps what it read for about 300 ms.
 */
final class CpuCheck implements HealthCheck {

  /** The default limits in percent busy. */
  static final Thresholds DEFAULT_THRESHOLDS = new Thresholds(90, 95);

  /** On Linux the counters come from {@code /proc/stat} at each reading, not from OSHI's cache. */
  private static final boolean LINUX = SystemInfo.getCurrentPlatform() == PlatformEnum.LINUX;

  /** One wait for the counters to move: a clock tick (10 ms) on Linux, else a third of OSHI's. */
  static final Duration STEP = Duration.ofMillis(LINUX ? 10 : 100);

  /** At most this many waits of {@link #STEP} for the counters to move. */
  static final int MAX_WAITS = 10;

  private final Thresholds thresholds;
  private final CentralProcessor cpu = Oshi.get().getHardware().getProcessor();
  private volatile long[] previousTicks;

  /** Judges CPU use against these limits; the first run measures from now. */
  CpuCheck(Thresholds thresholds) {
    this.thresholds = thresholds;
    this.previousTicks = ticks();
  }

  @Override
  public Result check(CheckContext ctx) throws InterruptedException {
    long[] before = previousTicks;
    long[] now = ticks();
    for (int i = 0; i < MAX_WAITS && elapsedTicks(before, now) == 0; i++) {
      ctx.sleep(STEP);
      now = ticks();
    }
    previousTicks = now;
    double busy = busy(before, now);
    if (Double.isNaN(busy)) {
      return Result.unknown("cannot read CPU time");
    }
    double[] load = cpu.getSystemLoadAverage(3);
    return Percent.used("cpu", busy * 100, cpu.getLogicalProcessorCount() + " cores", thresholds)
        .withDetail("cores", cpu.getLogicalProcessorCount())
        .withDetail(
            "load_average",
            Arrays.stream(load).map(v -> v < 0 ? -1 : Percent.round(v)).boxed().toList());
  }

  /** The system's CPU counters, in OSHI's {@link TickType} order. */
  private long[] ticks() {
    return LINUX ? CpuStat.getSystemCpuLoadTicks() : cpu.getSystemCpuLoadTicks();
  }

  /** The busy share between two readings (as OSHI computes it); NaN when they cannot tell. */
  static double busy(long[] before, long[] now) {
    long total = elapsedTicks(before, now);
    long idle =
        now[TickType.IDLE.getIndex()]
            + now[TickType.IOWAIT.getIndex()]
            - before[TickType.IDLE.getIndex()]
            - before[TickType.IOWAIT.getIndex()];
    return total > 0 && idle >= 0 && idle <= total ? (double) (total - idle) / total : Double.NaN;
  }

  private static long elapsedTicks(long[] before, long[] now) {
    long total = 0;
    for (int i = 0; i < Math.min(before.length, now.length); i++) {
      total += now[i] - before[i];
    }
    return total;
  }
}
