package io.vigil.spring.internal;

import io.vigil.core.HealthCheck;
import io.vigil.core.Monitor;
import io.vigil.spring.VigilCheck;
import io.vigil.spring.VigilProperties;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.health.application.AvailabilityStateHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.PingHealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;

/**
 * Once every bean exists, turns each {@link HealthIndicator} of Actuator's registries into a Vigil
 * check and puts a {@link SnapshotIndicator} in its place under the same name (members of
 * composites too), so {@code /actuator/health} and its groups read the snapshot instead of running
 * indicators. Indicators set {@code inline}, the availability states and {@code ping} (instant
 * already) stay as they are. Vigil checks declared as beans join the registry under their names.
 * Nothing is registered unless every setting is valid.
 */
public final class ActuatorBridge implements SmartInitializingSingleton {

  private static final Logger LOG = LoggerFactory.getLogger(ActuatorBridge.class);

  private final Monitor monitor;
  private final Clock clock;
  private final VigilProperties properties;
  private final HealthContributorRegistry registry;
  private final Optional<Object> reactiveRegistry;
  private final Supplier<List<VigilCheck>> checks;
  private final Supplier<Map<String, HealthCheck>> plainChecks;

  /**
   * @param reactiveRegistry Actuator's {@code ReactiveHealthContributorRegistry}, when there is one
   * @param checks the {@link VigilCheck} beans, asked for once every bean exists
   * @param plainChecks the {@link HealthCheck} beans by bean name, asked for likewise
   */
  public ActuatorBridge(
      Monitor monitor,
      Clock clock,
      VigilProperties properties,
      HealthContributorRegistry registry,
      Optional<Object> reactiveRegistry,
      Supplier<List<VigilCheck>> checks,
      Supplier<Map<String, HealthCheck>> plainChecks) {
    this.monitor = monitor;
    this.clock = clock;
    this.properties = properties;
    this.registry = registry;
    this.reactiveRegistry = reactiveRegistry;
    this.checks = checks;
    this.plainChecks = plainChecks;
  }

  @Override
  public void afterSingletonsInstantiated() {
    Adoption adoption = new Adoption(monitor, clock, properties);
    for (HealthContributors.Entry entry : registry.stream().toList()) {
      HealthContributor replacement = adopt(adoption, entry.name(), entry.contributor());
      if (replacement != entry.contributor()) {
        adoption.swap(
            () -> {
              registry.unregisterContributor(entry.name());
              registry.registerContributor(entry.name(), replacement);
            });
      }
    }
    reactiveRegistry.ifPresent(r -> ReactiveBridge.adopt(adoption, r));
    plainChecks
        .get()
        .forEach(
            (bean, check) -> {
              if (free(adoption, bean, "the HealthCheck bean '" + bean + "'")) {
                HealthContributor served = adoption.adopt(bean, check, "check bean '" + bean + "'");
                adoption.names.add(bean);
                if (served != null) {
                  adoption.swap(() -> registry.registerContributor(bean, served));
                }
              }
            });
    Specs.unknownNames(properties, adoption.names)
        .forEach(unknown -> LOG.warn("event=unknown_indicator_settings problem=\"{}\"", unknown));
    for (VigilCheck check : checks.get()) {
      String name = check.spec().name();
      if (free(adoption, name, "the VigilCheck bean named '" + name + "'")) {
        adoption.check(check.spec(), check.check());
        adoption.swap(
            () ->
                registry.registerContributor(name, SnapshotIndicator.check(monitor, clock, name)));
      }
    }
    adoption.apply();
  }

  /** Whether {@code name} is free in Actuator's tree; records a problem when it is not. */
  private boolean free(Adoption adoption, String name, String what) {
    if (registry.getContributor(name) == null && !adoption.names.contains(name)) {
      return true;
    }
    adoption.problems.add(
        what + ": Actuator already has a health contributor named '" + name + "'; rename one");
    return false;
  }

  /** The contributor to serve in place of {@code contributor} (itself when it stays). */
  private static HealthContributor adopt(
      Adoption adoption, String path, HealthContributor contributor) {
    if (contributor instanceof SnapshotIndicator) {
      return contributor;
    }
    if (contributor instanceof CompositeHealthContributor composite) {
      Map<String, HealthContributor> members = new LinkedHashMap<>();
      boolean changed = false;
      for (HealthContributors.Entry member : composite.stream().toList()) {
        HealthContributor served =
            adopt(adoption, path + "." + member.name(), member.contributor());
        changed |= served != member.contributor();
        members.put(member.name(), served);
      }
      return changed ? CompositeHealthContributor.fromMap(members) : contributor;
    }
    if (!(contributor instanceof HealthIndicator indicator) || instant(indicator)) {
      return contributor;
    }
    String name = Specs.checkName(path);
    adoption.names.add(name);
    if (adoption.inline(name)) {
      return contributor;
    }
    SnapshotIndicator served =
        adoption.adopt(
            name, IndicatorCheck.of(indicator), "Spring Boot health indicator '" + path + "'");
    return served != null ? served : contributor;
  }

  /** Indicators that answer from memory already: nothing to gain from a check. */
  static boolean instant(Object indicator) {
    return indicator instanceof AvailabilityStateHealthIndicator
        || indicator instanceof PingHealthIndicator;
  }
}
