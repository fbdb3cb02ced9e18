package io.vigil.checks.system;

import com.sun.jna.Platform;
import com.sun.jna.platform.linux.LibC;
import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import oshi.software.os.OSFileStore;

/**
 * Percent of space used on the file system holding a path (defaults: warning 90 %, critical 95 %).
 */
final class DiskSpaceCheck implements HealthCheck {

  /** The default limits in percent used. */
  static final Thresholds DEFAULT_THRESHOLDS = new Thresholds(90, 95);

  private final Path path;
  private final Thresholds thresholds;

  /** Watches the file system holding {@code path}. */
  DiskSpaceCheck(Path path, Thresholds thresholds) {
    this.path = path;
    this.thresholds = thresholds;
  }

  /**
   * Total and free inodes of the file system holding the path, if it has any: {@code statvfs(3)} on
   * Linux, as OSHI reads them, without OSHI's file store list (which runs {@code lsblk} at every
   * call); elsewhere the OSHI file store mounted closest above the path.
   */
  Optional<long[]> inodes() {
    if (Platform.isLinux()) {
      try {
        LibC.Statvfs stat = new LibC.Statvfs();
        if (LibC.INSTANCE.statvfs(path.toAbsolutePath().toString(), stat) != 0) {
          return Optional.empty();
        }
        return Optional.of(new long[] {stat.f_files.longValue(), stat.f_ffree.longValue()});
      } catch (LinkageError | RuntimeException e) {
        return Optional.empty();
      }
    }
    return fileStore().map(fs -> new long[] {fs.getTotalInodes(), fs.getFreeInodes()});
  }

  /** The OSHI file store mounted closest above the path. */
  private Optional<OSFileStore> fileStore() {
    try {
      String where = path.toAbsolutePath().normalize().toString();
      return Oshi.get().getOperatingSystem().getFileSystem().getFileStores(true).stream()
          .filter(
              fs ->
                  where.equals(fs.getMount())
                      || where.startsWith(
                          fs.getMount().endsWith("/") ? fs.getMount() : fs.getMount() + "/"))
          .max(java.util.Comparator.comparingInt(fs -> fs.getMount().length()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public Result check(CheckContext ctx) {
    FileStore store;
    long total;
    long free;
    try {
      store = Files.getFileStore(path);
      total = store.getTotalSpace();
      free = store.getUsableSpace();
    } catch (IOException | SecurityException e) {
      return Result.unknown("cannot read the file system of " + path + ": " + e.getMessage());
    }
    if (total <= 0) {
      return Result.unknown("the file system of " + path + " reports no size");
    }
    double percentUsed = 100.0 * (total - free) / total;
    String message =
        String.format(
            Locale.ROOT, "%.1f%% used on %s (%s free)", percentUsed, path, Bytes.format(free));
    Status status = thresholds.judge(percentUsed);
    Map<String, Object> inodes = new LinkedHashMap<>();
    Optional<long[]> counts = inodes();
    if (counts.isPresent() && counts.get()[0] > 0) {
      long totalInodes = counts.get()[0];
      long freeInodes = counts.get()[1];
      double inodePercent = 100.0 * (totalInodes - freeInodes) / totalInodes;
      inodes.put("total_inodes", totalInodes);
      inodes.put("free_inodes", freeInodes);
      inodes.put("inodes_percent_used", Math.round(inodePercent * 10) / 10.0);
      Status inodeStatus = thresholds.judge(inodePercent);
      if (inodeStatus.ordinal() > status.ordinal()) {
        status = inodeStatus;
        message += String.format(Locale.ROOT, ", inodes %.1f%% used", inodePercent);
      }
    }
    return Result.of(status, message)
        .withDetails(inodes)
        .withDetail("path", path.toString())
        .withDetail("total_bytes", total)
        .withDetail("free_bytes", free)
        .withDetail("percent_used", Math.round(percentUsed * 10) / 10.0)
        .withDetail("warning_percent", thresholds.warning())
        .withDetail("critical_percent", thresholds.critical());
  }
}
