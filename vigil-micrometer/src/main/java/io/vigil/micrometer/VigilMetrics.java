package io.vigil.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.vigil.core.HealthEvent;
import io.vigil.core.Monitor;
import io.vigil.core.Subscription;
import io.vigil.micrometer.internal.Binding;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code vigil_*} meters of a {@link Monitor} for any Micrometer registry (Prometheus, OTLP,
 * Datadog, ...), the same ones the agent serves on {@code /metrics}:
 *
 * <pre>{@code
 * new VigilMetrics(monitor).bindTo(registry);
 * }</pre>
 *
 * <p>Per check: {@code vigil.check.runs{check,status}} (a counter), {@code vigil.check.duration},
 * {@code vigil.check.status} (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN), {@code vigil.check.score},
 * {@code vigil.check.hard}, {@code vigil.check.flapping}, {@code vigil.check.critical}, {@code
 * vigil.check.perfdata{check,label}}; per component {@code vigil.component.health.score}; for the
 * system {@code vigil.system.health.score}, {@code vigil.system.status{status}} and {@code
 * vigil.system.score.level{level}} (state sets: 1 for the current one), {@code
 * vigil.check.timeouts}, {@code vigil.check.abandoned}, {@code vigil.listener.drops} and {@code
 * vigil.scheduler.lag}.
 *
 * <p>Every value is read at scrape (or publish) time: runs and durations are the engine's own
 * counters ({@link Monitor#runStats()}), never counted from events, so they equal what the engine
 * counted under any load. In a {@code PrometheusMeterRegistry} the durations and the scheduler's
 * lag are classic histograms with the engine's buckets; in other registries, which cannot take a
 * histogram aggregated elsewhere, they are function timers (count and total time).
 *
 * <p>The set of per-check meters follows the monitor's checks: this binder listens to the monitor's
 * events and adds or removes meters when a check is registered or removed. {@link
 * #refreshedByCaller(Monitor)} does not listen; its owner calls {@link #refresh()} (the agent does
 * before each scrape of {@code /metrics}). Needs only micrometer-core; no HTTP server.
 */
public final class VigilMetrics implements MeterBinder, AutoCloseable {

  private final Monitor monitor;
  private final boolean listen;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Binding> bindings = new CopyOnWriteArrayList<>();
  private Optional<Subscription> subscription = Optional.empty();

  /** Meters of {@code monitor} that follow its checks by listening to its events. */
  public VigilMetrics(Monitor monitor) {
    this(monitor, true);
  }

  private VigilMetrics(Monitor monitor, boolean listen) {
    this.monitor = java.util.Objects.requireNonNull(monitor, "monitor");
    this.listen = listen;
  }

  /**
   * Meters of {@code monitor} whose per-check meters change only when {@link #refresh()} is called,
   * e.g. right before each scrape; values are read at scrape time either way.
   */
  public static VigilMetrics refreshedByCaller(Monitor monitor) {
    return new VigilMetrics(monitor, false);
  }

  /** Registers the meters in {@code registry}; may be called for several registries. */
  @Override
  public void bindTo(MeterRegistry registry) {
    lock.lock();
    try {
      Binding binding = Binding.bind(monitor, registry);
      binding.refresh(monitor.snapshot());
      bindings.add(binding);
      if (listen && subscription.isEmpty()) {
        subscription = Optional.of(monitor.subscribe(this::onEvent));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Brings the per-check and per-component meters in line with the monitor's checks. */
  public void refresh() {
    lock.lock();
    try {
      var snapshot = monitor.snapshot();
      bindings.forEach(b -> b.refresh(snapshot));
    } finally {
      lock.unlock();
    }
  }

  private void onEvent(HealthEvent event) {
    boolean changed =
        switch (event) {
          case HealthEvent.CheckRegistered r -> true;
          case HealthEvent.CheckRemoved r -> true;
          case HealthEvent.RunCompleted r ->
              bindings.stream().anyMatch(b -> b.hasNewLabels(r.check(), r.result()));
          default -> false;
        };
    if (changed) {
      // An event is emitted under the engine's lock just before the snapshot shows the change;
      // runStats() takes that lock, so once it returns the snapshot has caught up.
      monitor.runStats();
      refresh();
    }
  }

  /** Stops listening and removes the meters from every registry they were bound to. */
  @Override
  public void close() {
    lock.lock();
    try {
      subscription.ifPresent(Subscription::close);
      subscription = Optional.empty();
      bindings.forEach(Binding::close);
      bindings.clear();
    } finally {
      lock.unlock();
    }
  }
}
