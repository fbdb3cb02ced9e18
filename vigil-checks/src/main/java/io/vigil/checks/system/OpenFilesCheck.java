package io.vigil.checks.system;

import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import oshi.software.os.FileSystem;

/** Open file descriptors of the whole system against its limit (warning 80 %, critical 95 %). */
final class OpenFilesCheck implements HealthCheck {

  /** The default limits in percent of the system's maximum. */
  static final Thresholds DEFAULT_THRESHOLDS = new Thresholds(80, 95);

  private final Thresholds thresholds;

  /** Judges open files against these limits. */
  OpenFilesCheck(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public Result check(CheckContext ctx) {
    FileSystem fs = Oshi.get().getOperatingSystem().getFileSystem();
    long open = fs.getOpenFileDescriptors();
    long max = fs.getMaxFileDescriptors();
    if (open < 0 || max <= 0) {
      return Result.unknown("this platform reports no open file count");
    }
    return Percent.used("open files", 100.0 * open / max, open + " of " + max, thresholds)
        .withDetail("open", open)
        .withDetail("max", max);
  }
}
