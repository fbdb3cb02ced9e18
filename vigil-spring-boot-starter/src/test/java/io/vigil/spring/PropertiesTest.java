package io.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.spring.internal.InvalidVigilPropertiesException;
import io.vigil.spring.internal.PropertiesFailureAnalyzer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code vigil.*} binds into the checks' specs; bad values stop start-up naming the property. */
@ExtendWith(OutputCaptureExtension.class)
class PropertiesTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HealthContributorRegistryAutoConfiguration.class, VigilAutoConfiguration.class))
          .withUserConfiguration(Indicators.class);

  @Configuration(proxyBeanMethods = false)
  static class Indicators {
    @Bean
    HealthIndicator slowHealthIndicator() {
      return () -> Health.up().build();
    }

    @Bean
    HealthCheck cron() {
      return ctx -> Result.ok("last run 2 min ago");
    }

    @Bean
    HealthContributor dbHealthContributor() {
      return CompositeHealthContributor.fromMap(
          Map.of("one", (HealthIndicator) () -> Health.up().build()));
    }
  }

  @Test
  void settingsBindPerIndicatorOverTheDefaults() {
    runner
        .withPropertyValues(
            "vigil.defaults.interval=7s",
            "vigil.defaults.failure-threshold=3",
            "vigil.indicators.slow.timeout=2s",
            "vigil.indicators.slow.critical=true",
            "vigil.indicators[db.one].interval=20s",
            "vigil.indicators.cron.interval=1m")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Monitor monitor = context.getBean(Monitor.class);
              CheckSpec slow = monitor.snapshot().check("slow").orElseThrow().spec();
              assertThat(slow.interval()).isEqualTo(Duration.ofSeconds(7));
              assertThat(slow.timeout()).isEqualTo(Duration.ofSeconds(2));
              assertThat(slow.failureThreshold()).isEqualTo(3);
              assertThat(slow.critical()).isTrue();
              CheckSpec one = monitor.snapshot().check("db.one").orElseThrow().spec();
              assertThat(one.interval()).isEqualTo(Duration.ofSeconds(20));
              assertThat(one.timeout()).isEqualTo(Duration.ofSeconds(5));
              assertThat(one.critical()).isFalse();
              CheckSpec cron = monitor.snapshot().check("cron").orElseThrow().spec();
              assertThat(cron.interval()).isEqualTo(Duration.ofMinutes(1));
              assertThat(context.getBean(HealthContributorRegistry.class).getContributor("cron"))
                  .isNotNull();
            });
  }

  @Test
  void aTimeoutOverTheInterval_failsStartUpNamingTheProperty() {
    runner
        .withPropertyValues(
            "vigil.indicators.slow.timeout=30s", "vigil.defaults.failure-threshold=0")
        .run(
            context -> {
              assertThat(context).hasFailed();
              InvalidVigilPropertiesException e =
                  findCause(context.getStartupFailure(), InvalidVigilPropertiesException.class);
              assertThat(e.problems())
                  .contains(
                      "vigil.indicators.slow.timeout: must be at most interval, but was 30s"
                          + " (interval 10s)",
                      "vigil.defaults.failure-threshold: must be at least 1, but was 0 (for"
                          + " 'slow')");
              FailureAnalysis analysis =
                  new PropertiesFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .startsWith("Invalid Vigil configuration:")
                  .contains("vigil.indicators.slow.timeout");
              assertThat(analysis.getAction()).contains("vigil.*");
            });
  }

  @Test
  void settingsForAnIndicatorThatDoesNotExist_areReported(CapturedOutput output) {
    runner
        .withPropertyValues("vigil.indicators.slwo.interval=5s")
        .run(context -> assertThat(context).hasNotFailed());
    assertThat(output)
        .contains(
            "vigil.indicators.slwo: no health indicator is named 'slwo'; the indicators are"
                + " [cron, db.one, slow]");
  }

  @Test
  void aValueOfTheWrongType_failsStartUpNamingTheProperty() {
    runner
        .withPropertyValues("vigil.defaults.interval=soon")
        .run(
            context -> {
              assertThat(context).hasFailed();
              BindException e = findCause(context.getStartupFailure(), BindException.class);
              assertThat(e.getMessage()).contains("vigil.defaults");
              assertThat(e.getProperty().getName().toString()).isEqualTo("vigil.defaults.interval");
              assertThat(e.getProperty().getValue()).isEqualTo("soon");
            });
  }

  @Test
  void disabled_noMonitor() {
    runner
        .withPropertyValues("vigil.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Monitor.class));
  }

  private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
  }
}
