package io.vigil.cluster;

import io.vigil.core.Durations;
import java.time.Duration;

/** Shared validation of the settings records. */
final class Settings {

  private static final Duration MAX = Duration.ofDays(365);

  private Settings() {}

  static void positive(String field, Duration value) {
    if (value == null || value.isZero() || value.isNegative() || value.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          field
              + ": must be longer than 0s and at most 365d, but was "
              + (value == null ? "nothing" : Durations.format(value)));
    }
  }

  static void notNegative(String field, Duration value) {
    if (value == null || value.isNegative() || value.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          field
              + ": must be 0s or longer and at most 365d, but was "
              + (value == null ? "nothing" : Durations.format(value)));
    }
  }
}
