package io.vigil.checks.system;

import io.vigil.core.CheckContext;
import io.vigil.core.Durations;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import java.time.Duration;

/** System uptime; WARNING while it is below {@code warningBelow} (a recent reboot). */
final class UptimeCheck implements HealthCheck {

  private final Duration warningBelow;

  /** Warns for this long after a boot (zero: never). */
  UptimeCheck(Duration warningBelow) {
    this.warningBelow = warningBelow;
  }

  @Override
  public Result check(CheckContext ctx) {
    Duration uptime = Duration.ofSeconds(Oshi.get().getOperatingSystem().getSystemUptime());
    String message = "up " + Durations.format(uptime);
    Result result =
        uptime.compareTo(warningBelow) < 0
            ? Result.warning(
                message + ", rebooted less than " + Durations.format(warningBelow) + " ago")
            : Result.ok(message);
    return result.withDetail("uptime_seconds", uptime.toSeconds());
  }
}
