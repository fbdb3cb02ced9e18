package example.spring;

import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * A service with the two indicators that hurt under plain Actuator: {@code slow} takes 2 s (a
 * saturated connection pool) and {@code hung} never answers within a minute (a dependency that
 * accepts connections and says nothing). Actuator runs both inline on every {@code
 * /actuator/health}; with the Vigil starter they run on their own schedules and the endpoint
 * answers from Vigil's snapshot. Run it, then {@code curl localhost:8080/actuator/health}.
 */
@SpringBootApplication
public class ExampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }

  @Bean
  HealthIndicator slowHealthIndicator() {
    return () -> {
      pause(Duration.ofSeconds(2));
      return Health.up().withDetail("pool", "10 of 10 in use").build();
    };
  }

  @Bean
  HealthIndicator hungHealthIndicator() {
    return () -> {
      pause(Duration.ofSeconds(60));
      return Health.up().build();
    };
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
