package io.vigil.spring.internal;

import io.vigil.core.HealthSnapshot;
import io.vigil.core.Monitor;
import io.vigil.core.SystemStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiFunction;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * An Actuator indicator that answers from the monitor's latest snapshot: it never runs a check and
 * never waits for one, so a hung dependency cannot delay {@code /actuator/health}.
 */
public final class SnapshotIndicator implements HealthIndicator {

  /** A scheduler that has not woken up for this long is stuck (as the agent's liveness). */
  static final Duration STUCK_AFTER = Duration.ofSeconds(10);

  private final Monitor monitor;
  private final Clock clock;
  private final BiFunction<Monitor, Clock, Health> read;

  private SnapshotIndicator(Monitor monitor, Clock clock, BiFunction<Monitor, Clock, Health> read) {
    this.monitor = monitor;
    this.clock = clock;
    this.read = read;
  }

  /** The check {@code name} as Actuator health. */
  static SnapshotIndicator check(Monitor monitor, Clock clock, String name) {
    return new SnapshotIndicator(
        monitor,
        clock,
        (m, c) ->
            m.snapshot()
                .check(name)
                .map(check -> HealthMapping.check(check, c.instant()))
                .orElseGet(() -> Health.unknown().withDetail("vigil", "no check " + name).build()));
  }

  /** Vigil's system status: the {@code vigil} contributor, a member of the readiness group. */
  public static SnapshotIndicator system(Monitor monitor, Clock clock) {
    return new SnapshotIndicator(monitor, clock, (m, c) -> HealthMapping.system(m.snapshot()));
  }

  /**
   * DOWN when Vigil's scheduler has not woken up for 10 s while running: the {@code vigilScheduler}
   * contributor, a member of the liveness group.
   */
  public static SnapshotIndicator scheduler(Monitor monitor, Clock clock) {
    return new SnapshotIndicator(monitor, clock, (m, c) -> scheduler(m));
  }

  private static Health scheduler(Monitor m) {
    HealthSnapshot s = m.snapshot();
    boolean running = s.status() != SystemStatus.STARTING && s.status() != SystemStatus.STOPPING;
    if (running && m.stats().sinceLastTick().compareTo(STUCK_AFTER) > 0) {
      return Health.down()
          .withDetail("error", "the scheduler has not run since " + m.stats().lastTick())
          .build();
    }
    return Health.up().build();
  }

  @Override
  public Health health() {
    return read.apply(monitor, clock);
  }
}
