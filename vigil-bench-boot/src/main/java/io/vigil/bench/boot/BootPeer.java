package io.vigil.bench.boot;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The Spring Boot application of {@code vigil-bench/compare.sh}: {@value #FAST} health indicators
 * that answer at once, plus one that hangs for 60 s in the {@code hung} workload. Run it twice with
 * the same indicators: {@code --vigil.enabled=false} is plain Actuator (every indicator inline on
 * every request), {@code --vigil.enabled=true} serves {@code /actuator/health} from Vigil's
 * snapshot.
 *
 * <pre>{@code
 * java -cp ... io.vigil.bench.boot.BootPeer fast|hung --server.port=18190 --vigil.enabled=false
 * }</pre>
 */
@SpringBootApplication
public class BootPeer {

  /** Indicators that answer at once, in both workloads. */
  static final int FAST = 10;

  public static void main(String[] args) {
    boolean hung = args.length > 0 && args[0].equals("hung");
    SpringApplication app = new SpringApplication(BootPeer.class);
    if (hung) {
      app.setDefaultProperties(Map.of("vigil.indicators.hung.timeout", "2s"));
    }
    app.addInitializers(
        context -> {
          GenericApplicationContext beans = (GenericApplicationContext) context;
          for (int i = 0; i < FAST; i++) {
            int n = i;
            beans.registerBean(
                "fast" + n + "HealthIndicator",
                HealthIndicator.class,
                () -> () -> Health.up().withDetail("connections", n).build());
          }
          if (hung) {
            beans.registerBean("hungHealthIndicator", HealthIndicator.class, () -> BootPeer::hang);
          }
        });
    app.run(args);
  }

  private static Health hang() {
    try {
      Thread.sleep(Duration.ofSeconds(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Health.up().build();
  }
}
