package io.vigil.spring;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code vigil.*}. Every {@code HealthIndicator} bean becomes a Vigil check with the
 * {@link Defaults}, overridden per indicator name under {@code vigil.indicators.<name>}; a value
 * that would make an invalid check fails start-up with a message naming the property.
 *
 * @param enabled whether the starter does anything at all
 * @param startupGrace longest time the system stays STARTING while checks have no result yet
 * @param defaults the check settings of every indicator that does not set its own
 * @param indicators per-indicator settings, by the indicator's name in {@code /actuator/health} (a
 *     member of a composite is {@code parent.member}, written {@code vigil.indicators[db.one]})
 * @param probes Vigil's part in the liveness and readiness groups
 * @param metrics Vigil's meters in the application's Micrometer registry
 * @param server Vigil's own HTTP endpoints (needs vigil-server on the class path)
 * @param criticalFailure graceful shutdown when a critical check is hard down
 */
@ConfigurationProperties("vigil")
public record VigilProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("60s") Duration startupGrace,
    @DefaultValue Defaults defaults,
    Map<String, Indicator> indicators,
    @DefaultValue Probes probes,
    @DefaultValue Metrics metrics,
    @DefaultValue Server server,
    @DefaultValue CriticalFailure criticalFailure) {

  /** Keeps the map non-null and unmodifiable. */
  public VigilProperties {
    indicators = indicators == null ? Map.of() : Map.copyOf(indicators);
  }

  /**
   * Check settings of indicators. The failure threshold defaults to 1 so that a migrated indicator
   * goes DOWN on its first failure, as under plain Actuator; raise it to ride out blips.
   *
   * @param interval time between runs while the indicator is UP
   * @param timeout deadline of one run, at most the interval; a run still going is reported DOWN
   *     "timed out after ..." and interrupted
   * @param retryInterval time between runs while failing (default interval / 3, at least 1s)
   * @param failureThreshold consecutive failures before the failure is hard (reported DOWN)
   * @param successThreshold consecutive successes before a hard failure clears
   * @param critical whether a hard failure makes Vigil's status UNHEALTHY (readiness DOWN)
   */
  public record Defaults(
      @DefaultValue("10s") Duration interval,
      @DefaultValue("5s") Duration timeout,
      Duration retryInterval,
      @DefaultValue("1") int failureThreshold,
      @DefaultValue("1") int successThreshold,
      @DefaultValue("false") boolean critical) {}

  /**
   * One indicator's settings; each one not set comes from {@link Defaults}.
   *
   * @param inline keep Actuator's inline behaviour: not a Vigil check, run on every request
   * @param interval time between runs while the indicator is UP
   * @param timeout deadline of one run, at most the interval
   * @param retryInterval time between runs while failing
   * @param failureThreshold consecutive failures before the failure is hard
   * @param successThreshold consecutive successes before a hard failure clears
   * @param critical whether a hard failure makes Vigil's status UNHEALTHY
   * @param component the Vigil component the check belongs to
   */
  public record Indicator(
      @DefaultValue("false") boolean inline,
      Duration interval,
      Duration timeout,
      Duration retryInterval,
      Integer failureThreshold,
      Integer successThreshold,
      Boolean critical,
      String component) {}

  /**
   * @param enabled add the {@code vigil} contributor (Vigil's system status) to the readiness group
   *     and {@code vigilScheduler} (fails when Vigil's scheduler is stuck) to the liveness group
   */
  public record Probes(@DefaultValue("true") boolean enabled) {}

  /**
   * @param enabled bind Vigil's meters ({@code vigil_*}) into the application's MeterRegistry
   */
  public record Metrics(@DefaultValue("true") boolean enabled) {}

  /**
   * @param enabled serve Vigil's endpoints ({@code /health}, probes, {@code /metrics}, ...) on a
   *     port of their own
   * @param host address to bind; another than loopback needs a token
   * @param port port to bind (0: any free port)
   * @param token bearer token for details, diagnostics, metrics and the API
   */
  public record Server(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("127.0.0.1") String host,
      @DefaultValue("8081") int port,
      String token) {}

  /**
   * @param shutdown shut the application down gracefully (closing the context, then exiting) when a
   *     critical check has been hard down for the grace; with recovery ladders, only once healing
   *     gave up
   * @param grace how long the critical failure must last; readiness is DOWN meanwhile, so load
   *     balancers drain the instance
   * @param exitCode the process's exit code after such a shutdown
   */
  public record CriticalFailure(
      @DefaultValue("false") boolean shutdown,
      @DefaultValue("30s") Duration grace,
      @DefaultValue("1") int exitCode) {}
}
