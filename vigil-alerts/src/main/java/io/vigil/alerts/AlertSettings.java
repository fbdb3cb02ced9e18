package io.vigil.alerts;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How alerts are decided and delivered.
 *
 * @param routes one per sink
 * @param checks each check's own alert settings, by check name
 * @param maintenance recurring silences
 * @param watchdog whether the always-firing {@code Watchdog} alert is on
 * @param deadline an undelivered notification older than this is dead-lettered (default 24 h)
 * @param backoffInitial the first retry's delay (doubled at each retry, with jitter)
 * @param backoffMax the longest delay between retries
 * @param retention how long sent and dead notifications and expired silences are kept
 */
public record AlertSettings(
    List<Route> routes,
    Map<String, CheckAlerting> checks,
    List<MaintenanceWindow> maintenance,
    boolean watchdog,
    Duration deadline,
    Duration backoffInitial,
    Duration backoffMax,
    Duration retention) {

  /** Default {@link #deadline()}. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofHours(24);

  /** Default {@link #backoffInitial()}. */
  public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);

  /** Default {@link #backoffMax()}. */
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMinutes(5);

  /** Default {@link #retention()}. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** Copies the collections and checks the durations. */
  public AlertSettings {
    routes = List.copyOf(routes);
    checks = Map.copyOf(checks);
    maintenance = List.copyOf(maintenance);
    if (!deadline.isPositive()
        || !backoffInitial.isPositive()
        || backoffMax.compareTo(backoffInitial) < 0) {
      throw new IllegalArgumentException(
          "deadline and backoffInitial must be positive and backoffMax at least backoffInitial");
    }
  }

  /** These routes with every other setting at its default. */
  public static AlertSettings of(List<Route> routes) {
    return new AlertSettings(
        routes,
        Map.of(),
        List.of(),
        false,
        DEFAULT_DEADLINE,
        DEFAULT_BACKOFF_INITIAL,
        DEFAULT_BACKOFF_MAX,
        DEFAULT_RETENTION);
  }

  /** These settings with other check settings. */
  public AlertSettings withChecks(Map<String, CheckAlerting> value) {
    return new AlertSettings(
        routes, value, maintenance, watchdog, deadline, backoffInitial, backoffMax, retention);
  }

  /** These settings with other maintenance windows. */
  public AlertSettings withMaintenance(List<MaintenanceWindow> value) {
    return new AlertSettings(
        routes, checks, value, watchdog, deadline, backoffInitial, backoffMax, retention);
  }

  /** These settings with the watchdog on or off. */
  public AlertSettings withWatchdog(boolean value) {
    return new AlertSettings(
        routes, checks, maintenance, value, deadline, backoffInitial, backoffMax, retention);
  }

  /** These settings with another delivery deadline and backoff. */
  public AlertSettings withDelivery(Duration deadlineValue, Duration initial, Duration max) {
    return new AlertSettings(
        routes, checks, maintenance, watchdog, deadlineValue, initial, max, retention);
  }
}
