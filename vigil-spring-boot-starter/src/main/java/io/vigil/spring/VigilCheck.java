package io.vigil.spring;

import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import java.util.Objects;

/**
 * A Vigil check declared as a bean: the starter registers it in the monitor and shows it in
 * Actuator's health tree under its name, with its details, served from the snapshot.
 *
 * <pre>{@code
 * @Bean
 * VigilCheck queue(QueueClient client) {
 *   return VigilCheck.of(
 *       CheckSpec.builder("queue").interval(Duration.ofSeconds(15)).critical(true).build(),
 *       ctx -> client.depth() < 1000 ? Result.ok() : Result.warning("backlog"));
 * }
 * }</pre>
 *
 * <p>A bean of type {@link HealthCheck} alone is a check too, named after the bean, with the
 * settings of {@code vigil.indicators.<bean name>} over {@code vigil.defaults}.
 *
 * @param spec the check's name, schedule and thresholds
 * @param check the check's body, run by the engine on its own thread with a deadline
 */
public record VigilCheck(CheckSpec spec, HealthCheck check) {

  /** Requires both parts. */
  public VigilCheck {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(check, "check");
  }

  /** A check with its spec. */
  public static VigilCheck of(CheckSpec spec, HealthCheck check) {
    return new VigilCheck(spec, check);
  }
}
