package io.vigil.checks;

import io.vigil.core.Status;

/**
 * Warning and critical limits for a value where higher is worse, such as percent used.
 *
 * @param warning the value at or above which the status is WARNING
 * @param critical the value at or above which the status is CRITICAL
 */
public record Thresholds(double warning, double critical) {

  /** Checks that {@code warning <= critical}. */
  public Thresholds {
    if (!(warning <= critical)) {
      throw new IllegalArgumentException(
          "warning must not be above critical, but were warning "
              + warning
              + ", critical "
              + critical);
    }
  }

  /** A limit for messages: {@code 90} rather than {@code 90.0}. */
  public static String format(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  /** Judges a measured value. */
  public Status judge(double value) {
    if (value >= critical) {
      return Status.CRITICAL;
    }
    return value >= warning ? Status.WARNING : Status.OK;
  }
}
