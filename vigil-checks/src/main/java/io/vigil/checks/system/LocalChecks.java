package io.vigil.checks.system;

import com.sun.jna.Platform;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import oshi.software.os.OSFileStore;
import oshi.software.os.linux.LinuxFileSystem;
import oshi.util.FileSystemUtil;
import oshi.util.GlobalConfig;
import oshi.util.platform.linux.ProcPath;

/**
 * The checks an agent runs when it has no configuration: CPU, load, memory, swap, every local file
 * system, open files and the agent's JVM, as configuration entries ({@code name}, {@code type}, and
 * the type's fields), so they take the same path as configured checks.
 */
public final class LocalChecks {

  /** File system types that hold no user data (kernel, memory and image file systems). */
  private static final Set<String> PSEUDO_FILE_SYSTEMS =
      Set.of(
          "autofs",
          "binfmt_misc",
          "bpf",
          "cgroup",
          "cgroup2",
          "configfs",
          "debugfs",
          "devpts",
          "devtmpfs",
          "efivarfs",
          "fusectl",
          "hugetlbfs",
          "mqueue",
          "nsfs",
          "proc",
          "pstore",
          "ramfs",
          "securityfs",
          "squashfs",
          "sysfs",
          "tmpfs",
          "tracefs");

  private LocalChecks() {}

  /** Configuration entries of the local checks of this machine. */
  public static List<Map<String, Object>> entries() {
    List<Map<String, Object>> entries = new ArrayList<>();
    entries.add(entry("cpu", "cpu", "host"));
    entries.add(entry("load", "load", "host"));
    entries.add(entry("memory", "memory", "host"));
    entries.add(entry("swap", "swap", "host"));
    for (String mount : localMounts()) {
      Map<String, Object> disk = entry(diskName(mount), "disk", "host");
      disk.put("path", mount);
      entries.add(disk);
    }
    entries.add(entry("open-files", "open-files", "host"));
    entries.add(entry("jvm", "jvm", "agent"));
    return entries;
  }

  /** {@code disk-root} for {@code /}, {@code disk-var-lib} for {@code /var/lib}. */
  static String diskName(String mount) {
    String trimmed = mount.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    return trimmed.isEmpty() ? "disk-root" : "disk-" + trimmed.toLowerCase(Locale.ROOT);
  }

  private static Set<String> localMounts() {
    Set<String> mounts = new LinkedHashSet<>();
    try {
      mounts.addAll(Platform.isLinux() ? linuxMounts() : oshiMounts());
    } catch (RuntimeException | IOException e) {
      // No file system list on this platform: watch the root only.
    }
    if (mounts.isEmpty()) {
      mounts.add("/");
    }
    return mounts;
  }

  /** The local file systems OSHI lists (on Linux it runs {@code lsblk} for their labels). */
  static Set<String> oshiMounts() {
    Set<String> mounts = new LinkedHashSet<>();
    for (OSFileStore store : Oshi.get().getOperatingSystem().getFileSystem().getFileStores(true)) {
      if (store.getTotalSpace() > 0 && watched(store.getMount(), store.getType())) {
        mounts.add(store.getMount());
      }
    }
    return mounts;
  }

  /**
   * The same list on Linux, read from OSHI's mount table ({@code /proc/self/mounts}) and parsed and
   * filtered as OSHI does (its configured network and pseudo file system types, path and volume
   * patterns; only {@code \040} decoded), without the process OSHI starts for the volume labels.
   */
  static Set<String> linuxMounts() throws IOException {
    List<String> network = oshiList(GlobalConfig.OSHI_NETWORK_FILESYSTEM_TYPES);
    List<String> pseudo = oshiList(GlobalConfig.OSHI_PSEUDO_FILESYSTEM_TYPES);
    List<PathMatcher> pathIncludes = oshiPatterns(LinuxFileSystem.OSHI_LINUX_FS_PATH_INCLUDES);
    List<PathMatcher> pathExcludes = oshiPatterns(LinuxFileSystem.OSHI_LINUX_FS_PATH_EXCLUDES);
    List<PathMatcher> volumeIncludes = oshiPatterns(LinuxFileSystem.OSHI_LINUX_FS_VOLUME_INCLUDES);
    List<PathMatcher> volumeExcludes = oshiPatterns(LinuxFileSystem.OSHI_LINUX_FS_VOLUME_EXCLUDES);
    Set<String> mounts = new LinkedHashSet<>();
    for (String line : Files.readAllLines(Path.of(ProcPath.MOUNTS))) {
      String[] fields = line.split(" ");
      if (fields.length < 3) {
        continue;
      }
      String volume = fields[0].replace("\\040", " ");
      String path = fields[1].replace("\\040", " ");
      String type = fields[2];
      boolean excluded =
          network.contains(type)
              || !path.equals("/")
                  && (pseudo.contains(type)
                      || FileSystemUtil.isFileStoreExcluded(
                          path,
                          volume,
                          pathIncludes,
                          pathExcludes,
                          volumeIncludes,
                          volumeExcludes));
      if (!excluded && watched(path, type) && new File(path).getTotalSpace() > 0) {
        mounts.add(path);
      }
    }
    return mounts;
  }

  private static boolean watched(String mount, String type) {
    return !PSEUDO_FILE_SYSTEMS.contains(type)
        && !mount.startsWith("/proc")
        && !mount.startsWith("/sys");
  }

  private static List<String> oshiList(String key) {
    return Arrays.asList(GlobalConfig.get(key, "").split(","));
  }

  private static List<PathMatcher> oshiPatterns(String key) {
    return FileSystemUtil.loadAndParseFileSystemConfig(key);
  }

  private static Map<String, Object> entry(String name, String type, String component) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", name);
    entry.put("type", type);
    entry.put("component", component);
    return entry;
  }
}
