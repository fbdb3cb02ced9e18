package io.vigil.spring;

import io.vigil.core.HealthCheck;
import io.vigil.core.Monitor;
import io.vigil.micrometer.VigilMetrics;
import io.vigil.recovery.Healer;
import io.vigil.spring.internal.ActuatorBridge;
import io.vigil.spring.internal.CriticalFailure;
import io.vigil.spring.internal.HealerPart;
import io.vigil.spring.internal.ProbeGroups;
import io.vigil.spring.internal.ServerPart;
import io.vigil.spring.internal.SnapshotIndicator;
import io.vigil.spring.internal.VigilLifecycle;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Vigil in a Spring Boot application: a {@link Monitor} started and stopped with the context; every
 * {@code HealthIndicator} and {@code ReactiveHealthIndicator} bean run as a Vigil check, and
 * Actuator's {@code /actuator/health} (with its groups) answered from Vigil's snapshot; {@link
 * VigilCheck} and {@link HealthCheck} beans in Actuator's tree; {@code vigil} (the system status)
 * in the readiness group and {@code vigilScheduler} in the liveness group; Vigil's meters in Boot's
 * registry; optionally recovery ladders ({@link VigilRecovery} beans), Vigil's own endpoints and a
 * graceful shutdown on critical failure. Off with {@code vigil.enabled=false}.
 */
@AutoConfiguration(after = HealthContributorRegistryAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "vigil.enabled", matchIfMissing = true)
@EnableConfigurationProperties(VigilProperties.class)
public class VigilAutoConfiguration {

  private static final Clock CLOCK = Clock.systemUTC();

  /** The monitor; declare your own {@link Monitor} bean to use other settings. */
  @Bean
  @ConditionalOnMissingBean
  Monitor vigilMonitor(VigilProperties properties) {
    return Monitor.builder().startupGrace(properties.startupGrace()).build();
  }

  /** {@code vigil} in Actuator: Vigil's system status (readiness). */
  @Bean
  SnapshotIndicator vigilHealthIndicator(Monitor monitor) {
    return SnapshotIndicator.system(monitor, CLOCK);
  }

  /** {@code vigilScheduler} in Actuator: DOWN when Vigil's scheduler is stuck (liveness). */
  @Bean
  SnapshotIndicator vigilSchedulerHealthIndicator(Monitor monitor) {
    return SnapshotIndicator.scheduler(monitor, CLOCK);
  }

  @Bean
  ActuatorBridge vigilActuatorBridge(
      Monitor monitor,
      VigilProperties properties,
      HealthContributorRegistry registry,
      ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry,
      ObjectProvider<VigilCheck> checks,
      ListableBeanFactory beans) {
    return new ActuatorBridge(
        monitor,
        CLOCK,
        properties,
        registry,
        Optional.ofNullable(reactiveRegistry.getIfAvailable()),
        () -> checks.orderedStream().toList(),
        () -> beans.getBeansOfType(HealthCheck.class));
  }

  @Bean
  @ConditionalOnBooleanProperty(name = "vigil.probes.enabled", matchIfMissing = true)
  @ConditionalOnBooleanProperty(
      name = "management.endpoint.health.probes.enabled",
      matchIfMissing = true)
  static ProbeGroups vigilProbeGroups() {
    return new ProbeGroups();
  }

  @Bean
  VigilLifecycle vigilLifecycle(Monitor monitor, ObjectProvider<VigilLifecycle.Part> parts) {
    return new VigilLifecycle(monitor, parts.orderedStream().toList());
  }

  /** Vigil's meters, bound by Boot into its registry (Prometheus, OTLP, ...). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  @ConditionalOnBooleanProperty(name = "vigil.metrics.enabled", matchIfMissing = true)
  static class Metrics {
    @Bean(destroyMethod = "close")
    VigilMetrics vigilMetrics(Monitor monitor) {
      return new VigilMetrics(monitor);
    }
  }

  /** A graceful shutdown when a critical check stays hard down. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty(name = "vigil.critical-failure.shutdown")
  static class CriticalFailures {
    @Bean
    @ConditionalOnMissingBean
    CriticalFailureAction vigilCriticalFailureAction(
        ConfigurableApplicationContext context, VigilProperties properties) {
      return CriticalFailure.shutdown(context, properties.criticalFailure().exitCode());
    }

    @Bean
    CriticalFailure vigilCriticalFailure(
        Monitor monitor,
        ObjectProvider<VigilLifecycle.CriticalWatch> healer,
        VigilProperties properties,
        CriticalFailureAction action) {
      return new CriticalFailure(
          monitor,
          Optional.ofNullable(healer.getIfAvailable()),
          properties.criticalFailure(),
          action);
    }
  }

  /** Recovery ladders declared as {@link VigilRecovery} beans. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.vigil.recovery.Healer")
  @ConditionalOnBean(VigilRecovery.class)
  static class Recovery {
    @Bean
    HealerPart vigilHealer(Monitor monitor, ObjectProvider<VigilRecovery> ladders) {
      return new HealerPart(Healer.of(monitor), ladders.orderedStream().toList());
    }
  }

  /** Vigil's own endpoints on a port of their own. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.vigil.server.VigilServer")
  @ConditionalOnBooleanProperty(name = "vigil.server.enabled")
  static class Server {
    @Bean
    ServerPart vigilServer(Monitor monitor, VigilProperties properties) {
      return new ServerPart(monitor, properties.server());
    }
  }
}
