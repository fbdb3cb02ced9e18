package io.vigil.checks.system;

import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Memory, disk and CPU in one report, in the shape health workers publish: {@code timestamp},
 * {@code status} (healthy, warning, error or unknown; the worst wins) and {@code checks.memory},
 * {@code checks.disk}, {@code checks.cpu} with their measured values.
 */
final class SystemReportCheck implements HealthCheck {

  private final MemoryCheck memory;
  private final DiskSpaceCheck disk;
  private final LoadCheck cpu;

  /** A report with the given parts. */
  SystemReportCheck(MemoryCheck memory, DiskSpaceCheck disk, LoadCheck cpu) {
    this.memory = memory;
    this.disk = disk;
    this.cpu = cpu;
  }

  /** A report with the default thresholds and the disk holding {@code path}. */
  static SystemReportCheck ofDefaults(Path path) {
    return new SystemReportCheck(
        new MemoryCheck(MemoryCheck.DEFAULT_THRESHOLDS),
        new DiskSpaceCheck(path, DiskSpaceCheck.DEFAULT_THRESHOLDS),
        new LoadCheck(LoadCheck.DEFAULT_THRESHOLDS));
  }

  @Override
  public Result check(CheckContext ctx) {
    Result m = memory.check(ctx);
    Result d = disk.check(ctx);
    Result c = cpu.check(ctx);
    Status worst = Status.OK;
    for (Result r : new Result[] {m, d, c}) {
      worst = worst.worse(r.status());
    }
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("memory", part(m, "percent_used", "available_mb", "total_mb"));
    Map<String, Object> diskPart = part(d, "percent_used", "path");
    if (d.details().get("free_bytes") instanceof Long free) {
      diskPart.put("free_gb", Math.round(free / 1e8) / 10.0);
    }
    checks.put("disk", diskPart);
    Map<String, Object> cpuPart = part(c, "cores");
    cpuPart.put(
        "load_average",
        java.util.List.of(
            c.details().getOrDefault("load1", -1),
            c.details().getOrDefault("load5", -1),
            c.details().getOrDefault("load15", -1)));
    checks.put("cpu", cpuPart);
    String word =
        switch (worst) {
          case OK -> "healthy";
          case WARNING -> "warning";
          case CRITICAL -> "error";
          case UNKNOWN -> "unknown";
        };
    String message =
        String.format(
            Locale.ROOT, "system %s: %s; %s; %s", word, m.message(), d.message(), c.message());
    return Result.of(worst, message)
        .withDetail("timestamp", Instant.now().toString())
        .withDetail("status", word)
        .withDetail("checks", checks);
  }

  private static Map<String, Object> part(Result r, String... keys) {
    Map<String, Object> part = new LinkedHashMap<>();
    part.put("status", r.status().name().toLowerCase(Locale.ROOT));
    for (String key : keys) {
      if (r.details().containsKey(key)) {
        part.put(key, r.details().get(key));
      }
    }
    part.put("message", r.message());
    return part;
  }
}
