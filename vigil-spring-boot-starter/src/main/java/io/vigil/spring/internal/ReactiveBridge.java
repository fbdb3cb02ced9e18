package io.vigil.spring.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributors;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import reactor.core.publisher.Mono;

/**
 * The bridge for Actuator's reactive registry: each {@link ReactiveHealthIndicator} becomes a check
 * that subscribes to its {@code Mono} and waits for it on the run's thread (cancelled when the run
 * times out), and a snapshot-backed reactive indicator takes its place. Loaded only when Reactor is
 * on the class path.
 */
final class ReactiveBridge {

  private ReactiveBridge() {}

  static void adopt(Adoption adoption, Object registry) {
    ReactiveHealthContributorRegistry reactive = (ReactiveHealthContributorRegistry) registry;
    for (ReactiveHealthContributors.Entry entry : reactive.stream().toList()) {
      ReactiveHealthContributor replacement = adopt(adoption, entry.name(), entry.contributor());
      if (replacement != entry.contributor()) {
        adoption.swap(
            () -> {
              reactive.unregisterContributor(entry.name());
              reactive.registerContributor(entry.name(), replacement);
            });
      }
    }
  }

  private static ReactiveHealthContributor adopt(
      Adoption adoption, String path, ReactiveHealthContributor contributor) {
    if (contributor instanceof Served) {
      return contributor;
    }
    if (contributor instanceof CompositeReactiveHealthContributor composite) {
      Map<String, ReactiveHealthContributor> members = new LinkedHashMap<>();
      boolean changed = false;
      for (ReactiveHealthContributors.Entry member : composite.stream().toList()) {
        ReactiveHealthContributor served =
            adopt(adoption, path + "." + member.name(), member.contributor());
        changed |= served != member.contributor();
        members.put(member.name(), served);
      }
      return changed ? CompositeReactiveHealthContributor.fromMap(members) : contributor;
    }
    if (!(contributor instanceof ReactiveHealthIndicator indicator)) {
      return contributor;
    }
    String name = Specs.checkName(path);
    adoption.names.add(name);
    if (adoption.inline(name)) {
      return contributor;
    }
    SnapshotIndicator served =
        adoption.adopt(
            name,
            new IndicatorCheck(() -> await(indicator.health(true))),
            "Spring Boot reactive health indicator '" + path + "'");
    return served != null ? new Served(served) : contributor;
  }

  /** Waits for the health on the run's thread; an interrupt (the deadline) cancels it. */
  private static Health await(Mono<Health> health) throws Exception {
    CompletableFuture<Health> future = health.toFuture();
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** A snapshot indicator in the reactive registry. */
  private record Served(SnapshotIndicator indicator) implements ReactiveHealthIndicator {
    @Override
    public Mono<Health> health() {
      return Mono.fromSupplier(indicator::health);
    }
  }
}
