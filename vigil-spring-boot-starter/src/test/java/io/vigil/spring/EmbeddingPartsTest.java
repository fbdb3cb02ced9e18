package io.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.CheckSpec;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.SystemStatus;
import io.vigil.recovery.RecoveryPolicy;
import io.vigil.recovery.RecoveryStep;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Recovery ladders as beans, and the graceful shutdown on critical failure. */
class EmbeddingPartsTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HealthContributorRegistryAutoConfiguration.class, VigilAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  static class Broken {
    final AtomicBoolean up = new AtomicBoolean(false);
    final AtomicInteger reconnects = new AtomicInteger();

    @Bean
    HealthIndicator cacheHealthIndicator() {
      return () -> up.get() ? Health.up().build() : Health.down().build();
    }

    @Bean
    VigilRecovery cacheRecovery() {
      return VigilRecovery.of(
          "cache",
          RecoveryPolicy.of(
              List.of(
                  RecoveryStep.of(
                          "reconnect",
                          ctx -> {
                            reconnects.incrementAndGet();
                            up.set(true);
                          })
                      .verify(Duration.ofSeconds(5)))));
    }
  }

  @Test
  void aLadderDeclaredAsABean_healsTheIndicator() {
    runner
        .withUserConfiguration(Broken.class)
        .withPropertyValues("vigil.defaults.interval=1s", "vigil.defaults.timeout=1s")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Broken broken = context.getBean(Broken.class);
              Monitor monitor = context.getBean(Monitor.class);
              await()
                  .atMost(Duration.ofSeconds(15))
                  .until(() -> monitor.snapshot().status() == SystemStatus.HEALTHY);
              assertThat(broken.reconnects.get()).isEqualTo(1);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class Critical {
    final CountDownLatch shutdown = new CountDownLatch(1);

    @Bean
    VigilCheck db() {
      return VigilCheck.of(
          CheckSpec.builder("db")
              .critical(true)
              .failureThreshold(1)
              .interval(Duration.ofSeconds(1))
              .build(),
          ctx -> Result.critical("connection refused"));
    }

    @Bean
    CriticalFailureAction action() {
      return shutdown::countDown;
    }
  }

  @Test
  void aCriticalCheckHardDownForTheGrace_runsTheShutdownAction() {
    runner
        .withUserConfiguration(Critical.class)
        .withPropertyValues(
            "vigil.critical-failure.shutdown=true", "vigil.critical-failure.grace=200ms")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Critical.class).shutdown.await(15, TimeUnit.SECONDS))
                  .isTrue();
              assertThat(context.getBean(Monitor.class).snapshot().status())
                  .isEqualTo(SystemStatus.STOPPING);
            });
  }

  @Test
  void withoutTheSetting_noShutdownWatch() {
    runner
        .withUserConfiguration(Critical.class)
        .run(context -> assertThat(context).doesNotHaveBean("vigilCriticalFailure"));
  }
}
