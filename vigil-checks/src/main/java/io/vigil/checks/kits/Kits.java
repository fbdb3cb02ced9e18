package io.vigil.checks.kits;

import io.vigil.core.Status;

/** Shared judging for the kits. */
final class Kits {

  private Kits() {}

  /** Status of a value where lower is worse (ratios, counts). */
  static Status lowerIsWorse(double value, double warningBelow, double criticalBelow) {
    if (value < criticalBelow) {
      return Status.CRITICAL;
    }
    return value < warningBelow ? Status.WARNING : Status.OK;
  }
}
