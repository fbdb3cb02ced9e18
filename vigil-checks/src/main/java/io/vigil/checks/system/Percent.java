package io.vigil.checks.system;

import io.vigil.checks.Thresholds;
import io.vigil.core.Result;
import java.util.Locale;

/** Builds the result of a "percent used" measurement. */
final class Percent {

  private Percent() {}

  static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  /** {@code "<what> 42.0% used (<extra>)"} judged by the thresholds, with the usual details. */
  static Result used(String what, double percentUsed, String extra, Thresholds thresholds) {
    String message =
        String.format(Locale.ROOT, "%s %.1f%% used", what, percentUsed)
            + (extra.isEmpty() ? "" : " (" + extra + ")");
    return Result.of(thresholds.judge(percentUsed), message)
        .withDetail("percent_used", round(percentUsed))
        .withDetail("warning_percent", thresholds.warning())
        .withDetail("critical_percent", thresholds.critical());
  }
}
