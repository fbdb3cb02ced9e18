package io.vigil.spring;

import io.vigil.core.CheckSpec;
import io.vigil.core.Result;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/**
 * An application with the indicators people write: a fast one, one that hangs for 60 s, one that
 * fails on demand, one left inline (counting its calls), a reactive one, and a Vigil check bean.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApp {

  /** Whether {@code flaky} answers UP. */
  static final AtomicBoolean FLAKY_UP = new AtomicBoolean(true);

  /** Calls of the inline indicator. */
  static final AtomicInteger INLINE_CALLS = new AtomicInteger();

  /** Calls of the fast (adopted) indicator. */
  static final AtomicInteger FAST_CALLS = new AtomicInteger();

  @Bean
  HealthIndicator fastHealthIndicator() {
    return () -> {
      FAST_CALLS.incrementAndGet();
      return Health.up().withDetail("pool", "4 of 10 in use").build();
    };
  }

  @Bean
  HealthIndicator hungHealthIndicator() {
    return () -> {
      try {
        Thread.sleep(Duration.ofSeconds(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Health.up().build();
    };
  }

  @Bean
  HealthIndicator flakyHealthIndicator() {
    return () ->
        FLAKY_UP.get()
            ? Health.up().build()
            : Health.down().withDetail("error", "connection refused").build();
  }

  @Bean
  HealthIndicator inlineHealthIndicator() {
    return () -> {
      INLINE_CALLS.incrementAndGet();
      return Health.up().build();
    };
  }

  @Bean
  ReactiveHealthIndicator streamHealthIndicator() {
    return () -> Mono.just(Health.up().withDetail("lag", 3).build());
  }

  @Bean
  VigilCheck queue() {
    return VigilCheck.of(
        CheckSpec.builder("queue").interval(Duration.ofSeconds(1)).build(),
        ctx -> Result.warning("backlog growing").withDetail("depth", 1200));
  }
}
