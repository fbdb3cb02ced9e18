package io.vigil.checks.system;

import oshi.SystemInfo;

/** One shared OSHI {@link SystemInfo}: creating it is costly, using it is thread-safe. */
public final class Oshi {

  private Oshi() {}

  private static final class Holder {
    static final SystemInfo INSTANCE = new SystemInfo();
  }

  /** The shared instance. */
  public static SystemInfo get() {
    return Holder.INSTANCE;
  }
}
