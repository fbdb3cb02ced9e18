package io.vigil.spring.internal;

import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * A Spring Boot health indicator run as a Vigil check: Actuator's {@link Health} becomes a {@link
 * Result} (UP → OK, DOWN and OUT_OF_SERVICE → CRITICAL, UNKNOWN → UNKNOWN, another status →
 * WARNING) carrying the indicator's details and its own status code, so the indicator is shown as
 * it answered. The engine runs it on its own thread with a deadline.
 */
final class IndicatorCheck implements HealthCheck {

  /** The detail holding the status code the indicator answered. */
  static final String STATUS = "actuatorStatus";

  private final Callable<Health> health;

  IndicatorCheck(Callable<Health> health) {
    this.health = health;
  }

  static IndicatorCheck of(HealthIndicator indicator) {
    return new IndicatorCheck(() -> indicator.health(true));
  }

  @Override
  public Result check(CheckContext ctx) throws Exception {
    return result(health.call());
  }

  static Result result(Health health) {
    if (health == null) {
      return Result.unknown("the indicator returned no health");
    }
    Status status = health.getStatus();
    Map<String, Object> details = new LinkedHashMap<>(health.getDetails());
    details.put(STATUS, status.getCode());
    Object error = health.getDetails().get("error");
    String message = error != null ? String.valueOf(error) : status.getDescription();
    return Result.of(status(status), message).withDetails(details);
  }

  private static io.vigil.core.Status status(Status status) {
    if (Status.UP.equals(status)) {
      return io.vigil.core.Status.OK;
    }
    if (Status.DOWN.equals(status) || Status.OUT_OF_SERVICE.equals(status)) {
      return io.vigil.core.Status.CRITICAL;
    }
    return Status.UNKNOWN.equals(status)
        ? io.vigil.core.Status.UNKNOWN
        : io.vigil.core.Status.WARNING;
  }
}
