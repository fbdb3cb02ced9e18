package io.vigil.core;

/** Status of a whole monitor, or of one component, derived from its checks. */
public enum SystemStatus {
  /** Every check is OK. */
  HEALTHY,
  /** A non-critical check is failing, or a critical check is in soft failure or warning. */
  DEGRADED,
  /** A critical check is hard down (CRITICAL or UNKNOWN). */
  UNHEALTHY,
  /** The monitor is waiting for the first results of its checks (bounded by a startup grace). */
  STARTING,
  /** The monitor is shutting down. */
  STOPPING;

  /** Whether traffic should be sent: true for {@link #HEALTHY} and {@link #DEGRADED}. */
  public boolean isAvailable() {
    return switch (this) {
      case HEALTHY, DEGRADED -> true;
      case UNHEALTHY, STARTING, STOPPING -> false;
    };
  }

  /** The HTTP status code health endpoints answer with: 200 when available, else 503. */
  public int httpCode() {
    return isAvailable() ? 200 : 503;
  }
}
