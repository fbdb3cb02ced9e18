package io.vigil.core;

/**
 * Outcome of one check run, in the Nagios plugin convention: exit code 0 is {@link #OK}, 1 {@link
 * #WARNING}, 2 {@link #CRITICAL} and 3 {@link #UNKNOWN}.
 */
public enum Status {
  /** The target works as expected. */
  OK,
  /** The target works but is close to a limit. */
  WARNING,
  /** The target does not work. */
  CRITICAL,
  /** The check could not tell (no result, stale result, unreadable metric). */
  UNKNOWN;

  /** The Nagios plugin exit code of this status. */
  public int exitCode() {
    return ordinal();
  }

  /** The status for a Nagios plugin exit code; anything outside 0..3 is {@link #UNKNOWN}. */
  public static Status fromExitCode(int code) {
    return switch (code) {
      case 0 -> OK;
      case 1 -> WARNING;
      case 2 -> CRITICAL;
      default -> UNKNOWN;
    };
  }

  /** The more severe of this status and another (OK < WARNING < CRITICAL < UNKNOWN). */
  public Status worse(Status other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  /** Whether this status counts as a failure for thresholds (anything but {@link #OK}). */
  public boolean isFailure() {
    return this != OK;
  }

  /** Whether this status means the target is down ({@link #CRITICAL} or {@link #UNKNOWN}). */
  public boolean isDown() {
    return this == CRITICAL || this == UNKNOWN;
  }
}
