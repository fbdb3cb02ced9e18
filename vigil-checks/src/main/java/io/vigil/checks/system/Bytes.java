package io.vigil.checks.system;

import io.vigil.checks.Sizes;

/** Byte counts for people: {@code 512 B}, {@code 3.2 GiB}. */
final class Bytes {

  private Bytes() {}

  static String format(long bytes) {
    return Sizes.format(bytes);
  }
}
