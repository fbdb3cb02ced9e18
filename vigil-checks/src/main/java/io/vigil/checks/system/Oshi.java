package io.vigil.checks.system;

import oshi.SystemInfo;
import oshi.util.GlobalConfig;

/** One shared OSHI {@link SystemInfo}: creating it is costly, using it is thread-safe. */
public final class Oshi {

  private Oshi() {}

  private static final class Holder {
    static final SystemInfo INSTANCE = create();
  }

  /** The shared instance. */
  public static SystemInfo get() {
    return Holder.INSTANCE;
  }

  /**
   * A new {@link SystemInfo} without udev, unless {@code -Doshi.os.linux.allowudev} says otherwise:
   * no check reads what OSHI gets through it (disks, USB devices, power sources), and finding the
   * library makes JNA run {@code ldconfig -p} at start.
   */
  private static SystemInfo create() {
    if (System.getProperty(GlobalConfig.OSHI_OS_LINUX_ALLOWUDEV) == null) {
      GlobalConfig.set(GlobalConfig.OSHI_OS_LINUX_ALLOWUDEV, false);
    }
    return new SystemInfo();
  }
}
