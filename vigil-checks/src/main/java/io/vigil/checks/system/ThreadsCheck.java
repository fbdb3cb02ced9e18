package io.vigil.checks.system;

import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;

/** Threads of the whole system (defaults: warning 10,000, critical 30,000). */
final class ThreadsCheck implements HealthCheck {

  /** The default limits in threads. */
  static final Thresholds DEFAULT_THRESHOLDS = new Thresholds(10_000, 30_000);

  private final Thresholds thresholds;

  /** Judges the thread count against these limits. */
  ThreadsCheck(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public Result check(CheckContext ctx) {
    var os = Oshi.get().getOperatingSystem();
    int threads = os.getThreadCount();
    int processes = os.getProcessCount();
    return Result.of(thresholds.judge(threads), threads + " threads in " + processes + " processes")
        .withDetail("threads", threads)
        .withDetail("processes", processes);
  }
}
