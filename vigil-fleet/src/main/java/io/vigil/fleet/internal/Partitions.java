package io.vigil.fleet.internal;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** A check's partition: CRC32 of its name's UTF-8 bytes, modulo the partition count. */
public final class Partitions {

  private Partitions() {}

  /** The partition of the check, in {@code [0, partitions)}; the same on every JVM, forever. */
  public static int of(String check, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions: must be at least 1, but was " + partitions);
    }
    CRC32 crc = new CRC32();
    crc.update(check.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % partitions);
  }
}
