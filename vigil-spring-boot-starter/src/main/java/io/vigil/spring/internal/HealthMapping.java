package io.vigil.spring.internal;

import io.vigil.core.CheckSnapshot;
import io.vigil.core.Durations;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.Result;
import io.vigil.core.StateType;
import io.vigil.core.SystemStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Vigil's judged state as Actuator {@link Health}. A check is UP while OK or failing softly (below
 * its failure threshold); once the failure is hard it shows the status its indicator answered
 * (DOWN, OUT_OF_SERVICE, ...), or DOWN with an {@code error} when the run itself failed (timed out,
 * threw). No result yet or none for too long is UNKNOWN. The {@code vigil} detail gives the
 * result's age and latency, and while failing Vigil's status, soft/hard state and failure count.
 */
final class HealthMapping {

  private HealthMapping() {}

  static Health check(CheckSnapshot c, Instant now) {
    Map<String, Object> vigil = new LinkedHashMap<>();
    if (c.pending()) {
      vigil.put("message", "no result yet");
      return Health.unknown().withDetail("vigil", vigil).build();
    }
    Result r = c.lastResult().orElseThrow();
    Map<String, Object> details = new LinkedHashMap<>(r.details());
    Object answered = details.remove(IndicatorCheck.STATUS);
    Status status = status(c, r, answered);
    if (answered == null && r.status().isFailure() && !r.message().isEmpty()) {
      details.putIfAbsent("error", r.message());
    }
    if (c.failing() || c.stale()) {
      vigil.put("status", name(c));
      vigil.put("state", c.stateType().name().toLowerCase(Locale.ROOT));
    }
    if (c.failing()) {
      vigil.put(
          "failures", c.consecutiveFailures() + " of " + c.spec().failureThreshold() + " to hard");
    }
    if (!r.message().isEmpty()) {
      vigil.put("message", r.message());
    }
    vigil.put("age", Durations.format(Duration.between(r.timestamp(), now)));
    vigil.put("latency", Durations.format(r.latency()));
    if (c.stale()) {
      vigil.put("stale", true);
    }
    details.put("vigil", vigil);
    return Health.status(status).withDetails(details).build();
  }

  private static Status status(CheckSnapshot c, Result r, Object answered) {
    if (c.stale()) {
      return Status.UNKNOWN;
    }
    boolean ok = c.status() == io.vigil.core.Status.OK;
    if (!ok && c.stateType() == StateType.SOFT) {
      return Status.UP; // below the failure threshold: not down yet
    }
    if (!ok && !r.status().isFailure()) {
      return Status.DOWN; // hard failure, recovering below the success threshold
    }
    if (answered != null) {
      return code(String.valueOf(answered));
    }
    return switch (r.status()) {
      case OK, WARNING -> Status.UP;
      case CRITICAL -> Status.DOWN;
      case UNKNOWN -> Status.UNKNOWN;
    };
  }

  private static Status code(String code) {
    return switch (code) {
      case "UP" -> Status.UP;
      case "DOWN" -> Status.DOWN;
      case "OUT_OF_SERVICE" -> Status.OUT_OF_SERVICE;
      case "UNKNOWN" -> Status.UNKNOWN;
      default -> new Status(code);
    };
  }

  /**
   * Vigil's status of the system: HEALTHY and DEGRADED are UP, STARTING and STOPPING out of
   * service.
   */
  static Health system(HealthSnapshot s) {
    Status status =
        switch (s.status()) {
          case HEALTHY, DEGRADED -> Status.UP;
          case UNHEALTHY -> Status.DOWN;
          case STARTING, STOPPING -> Status.OUT_OF_SERVICE;
        };
    return Health.status(status)
        .withDetail("status", name(s.status()))
        .withDetail("message", s.message())
        .withDetail("score", s.score())
        .withDetail("checks", s.checks().size())
        .build();
  }

  private static String name(CheckSnapshot c) {
    return c.status().name().toLowerCase(Locale.ROOT);
  }

  private static String name(SystemStatus s) {
    return s.name().toLowerCase(Locale.ROOT);
  }
}
