package io.vigil.micrometer.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.Monitor;
import io.vigil.core.RunStats;
import io.vigil.core.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The engine's counters in a registry that is not Prometheus: per check a function counter of runs
 * by status and a function timer of durations, and a function timer of the scheduler's lag, all
 * read from the engine at publish time. One copy of {@link Monitor#runStats()} serves every meter
 * read within {@link #REUSE_NANOS}, so a publish of n checks copies the engine's counters once, not
 * 6n times.
 */
final class EngineMeters implements Binding.Engine {

  private static final long REUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final Monitor monitor;
  private final MeterRegistry registry;
  private final Map<String, List<Meter>> perCheck = new HashMap<>();
  private final Meter lag;
  private volatile Copy copy;

  EngineMeters(Monitor monitor, MeterRegistry registry) {
    this.monitor = monitor;
    this.registry = registry;
    lag =
        FunctionTimer.builder(
                "vigil.scheduler.lag",
                monitor,
                m -> m.stats().schedulerLag().count(),
                m -> m.stats().schedulerLag().sumNanos(),
                TimeUnit.NANOSECONDS)
            .description("How late runs started compared with their due time")
            .register(registry);
  }

  @Override
  public void refresh(HealthSnapshot snapshot) {
    perCheck.keySet().removeIf(name -> removeGone(name, snapshot));
    snapshot.checks().keySet().forEach(name -> perCheck.computeIfAbsent(name, this::register));
  }

  private boolean removeGone(String name, HealthSnapshot snapshot) {
    if (snapshot.checks().containsKey(name)) {
      return false;
    }
    perCheck.get(name).forEach(registry::remove);
    return true;
  }

  private List<Meter> register(String check) {
    List<Meter> meters = new ArrayList<>();
    for (Status status : Status.values()) {
      meters.add(
          FunctionCounter.builder("vigil.check.runs", this, e -> e.stats(check).count(status))
              .description("Finished runs of a check by result status")
              .tags("check", check, "status", status.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    meters.add(
        FunctionTimer.builder(
                "vigil.check.duration",
                this,
                e -> e.stats(check).latency().count(),
                e -> e.stats(check).latency().sumNanos(),
                TimeUnit.NANOSECONDS)
            .description("How long runs of a check take")
            .tags("check", check)
            .register(registry));
    return meters;
  }

  private RunStats stats(String check) {
    Copy c = copy;
    long now = System.nanoTime();
    if (c == null || now - c.takenAt() > REUSE_NANOS) {
      c = new Copy(monitor.runStats(), now);
      copy = c;
    }
    return c.stats().getOrDefault(check, RunStats.NONE);
  }

  @Override
  public void close() {
    perCheck.values().forEach(meters -> meters.forEach(registry::remove));
    perCheck.clear();
    registry.remove(lag);
  }

  private record Copy(Map<String, RunStats> stats, long takenAt) {}
}
