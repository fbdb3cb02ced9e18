package io.vigil.checks.system;

import io.vigil.checks.CheckType;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.CheckTypeProvider;
import java.nio.file.Path;
import java.util.List;

/**
 * The local system's check types: cpu, load, memory, swap, disk, open-files, threads, uptime,
 * system, jvm.
 */
public final class SystemCheckTypes implements CheckTypeProvider {

  @Override
  public List<CheckType> types(CheckTypeContext context) {
    return List.of(
        CheckType.of(
            "cpu",
            "CPU busy percent between runs; warning/critical in percent (90%/95%)",
            s -> new CpuCheck(s.percentThresholds(CpuCheck.DEFAULT_THRESHOLDS))),
        CheckType.of(
            "load",
            "1-minute load average per core; warning/critical per core (2.0/4.0)",
            s -> new LoadCheck(s.numberThresholds(LoadCheck.DEFAULT_THRESHOLDS))),
        CheckType.of(
            "memory",
            "physical memory used; warning/critical in percent (80%/95%)",
            s -> new MemoryCheck(s.percentThresholds(MemoryCheck.DEFAULT_THRESHOLDS))),
        CheckType.of(
            "swap",
            "swap used; warning/critical in percent (80%/95%)",
            s -> new SwapCheck(s.percentThresholds(SwapCheck.DEFAULT_THRESHOLDS))),
        CheckType.of(
            "disk",
            "space used on the file system of path; warning/critical in percent (90%/95%)",
            s ->
                new DiskSpaceCheck(
                    Path.of(s.requiredString("path")),
                    s.percentThresholds(DiskSpaceCheck.DEFAULT_THRESHOLDS))),
        CheckType.of(
            "open-files",
            "open file descriptors of the system against its limit (80%/95%)",
            s -> new OpenFilesCheck(s.percentThresholds(OpenFilesCheck.DEFAULT_THRESHOLDS))),
        CheckType.of(
            "threads",
            "threads of the whole system; warning/critical in threads (10000/30000)",
            s -> new ThreadsCheck(s.numberThresholds(ThreadsCheck.DEFAULT_THRESHOLDS))),
        CheckType.of(
            "uptime",
            "system uptime; WARNING below warningBelow (e.g. 10m: a recent reboot)",
            s -> new UptimeCheck(s.duration("warningBelow", java.time.Duration.ZERO))),
        CheckType.of(
            "system",
            "memory, disk (path, default /) and CPU load in one report; the worst wins",
            s -> SystemReportCheck.ofDefaults(Path.of(s.string("path").orElse("/")))),
        CheckType.of(
            "jvm",
            "heap used by the agent's own JVM; warning/critical in percent (80%/95%)",
            s -> new JvmHeapCheck(s.percentThresholds(JvmHeapCheck.DEFAULT_THRESHOLDS))));
  }
}
