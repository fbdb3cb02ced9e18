package io.vigil.checks.kits;

import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import java.util.Locale;
import java.util.function.Supplier;

/** A cache's hit ratio since the previous run; lower is worse (defaults 0.8 / 0.5). */
public final class CacheCheck implements HealthCheck {

  /** Cumulative counters the host system reports. */
  public record Stats(long hits, long misses) {}

  private final Supplier<Stats> stats;
  private final double warningBelow;
  private final double criticalBelow;
  private volatile Stats previous = new Stats(0, 0);

  /** Judges the hit ratio of the requests since the previous run. */
  public CacheCheck(Supplier<Stats> stats, double warningBelow, double criticalBelow) {
    this.stats = stats;
    this.warningBelow = warningBelow;
    this.criticalBelow = criticalBelow;
  }

  @Override
  public Result check(CheckContext ctx) {
    Stats now = stats.get();
    long hits = now.hits() - previous.hits();
    long misses = now.misses() - previous.misses();
    previous = now;
    if (hits + misses <= 0) {
      return Result.ok("no cache requests since the previous run").withDetail("requests", 0L);
    }
    double ratio = (double) hits / (hits + misses);
    return Result.of(
            Kits.lowerIsWorse(ratio, warningBelow, criticalBelow),
            String.format(Locale.ROOT, "hit ratio %.2f over %d requests", ratio, hits + misses))
        .withDetail("hit_ratio", Math.round(ratio * 1000) / 1000.0)
        .withDetail("requests", hits + misses);
  }
}
