package io.vigil.store.internal;

import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.store.StoreConfig;
import io.vigil.store.StoreStats;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The {@code store} check: CRITICAL when writes have failed for {@link
 * StoreConfig#criticalAfter()}, WARNING while they fail, while rows are being dropped (since the
 * last run) or while the queue is more than half full; OK otherwise. Reads counters only.
 */
final class StoreHealthCheck implements HealthCheck {

  private final Supplier<StoreStats> stats;
  private final Duration criticalAfter;
  private final AtomicLong droppedSeen = new AtomicLong();

  StoreHealthCheck(Supplier<StoreStats> stats, Duration criticalAfter) {
    this.stats = stats;
    this.criticalAfter = criticalAfter;
  }

  @Override
  public Result check(CheckContext ctx) {
    StoreStats s = stats.get();
    long newlyDropped = s.dropped() - droppedSeen.getAndSet(s.dropped());
    Result result;
    if (s.failingFor().isPresent() && s.failingFor().get().compareTo(criticalAfter) >= 0) {
      result = Result.critical("writes failing for " + seconds(s.failingFor().get()));
    } else if (s.failingFor().isPresent()) {
      result = Result.warning("writes failing for " + seconds(s.failingFor().get()));
    } else if (newlyDropped > 0) {
      result = Result.warning("dropped " + newlyDropped + " rows: the queue was full");
    } else if (s.queueDepth() * 2 > s.queueCapacity()) {
      result = Result.warning("behind: " + s.queueDepth() + " rows waiting");
    } else {
      result = Result.ok("writing");
    }
    result =
        result
            .withDetail("queue_depth", s.queueDepth())
            .withDetail("queue_capacity", s.queueCapacity())
            .withDetail("written_total", s.written())
            .withDetail("dropped_total", s.dropped())
            .withDetail("failed_writes_total", s.failedWrites());
    return s.failingFor().isPresent() && s.lastError().isPresent()
        ? result.withDetail("last_error", s.lastError().get())
        : result;
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }
}
