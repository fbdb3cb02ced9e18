package io.vigil.checks.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import oshi.software.os.OSFileStore;

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
      for (OSFileStore store :
          Oshi.get().getOperatingSystem().getFileSystem().getFileStores(true)) {
        if (store.getTotalSpace() > 0
            && !PSEUDO_FILE_SYSTEMS.contains(store.getType())
            && !store.getMount().startsWith("/proc")
            && !store.getMount().startsWith("/sys")) {
          mounts.add(store.getMount());
        }
      }
    } catch (RuntimeException e) {
      // No file system list on this platform: watch the root only.
    }
    if (mounts.isEmpty()) {
      mounts.add("/");
    }
    return mounts;
  }

  private static Map<String, Object> entry(String name, String type, String component) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", name);
    entry.put("type", type);
    entry.put("component", component);
    return entry;
  }
}
