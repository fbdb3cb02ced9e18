package io.vigil.checks.kits;

import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A work queue: depth against thresholds, and the success rate of the tasks finished since the
 * previous run (lower is worse; defaults 0.95 / 0.8).
 */
public final class QueueCheck implements HealthCheck {

  /** What the host system reports; the task counters are cumulative. */
  public record State(long depth, long succeeded, long failed) {}

  private final Supplier<State> state;
  private final Thresholds depth;
  private final double successWarningBelow;
  private final double successCriticalBelow;
  private volatile State previous = new State(0, 0, 0);

  /** Judges depth and success rate. */
  public QueueCheck(
      Supplier<State> state,
      Thresholds depth,
      double successWarningBelow,
      double successCriticalBelow) {
    this.state = state;
    this.depth = depth;
    this.successWarningBelow = successWarningBelow;
    this.successCriticalBelow = successCriticalBelow;
  }

  @Override
  public Result check(CheckContext ctx) {
    State now = state.get();
    long ok = now.succeeded() - previous.succeeded();
    long failed = now.failed() - previous.failed();
    previous = now;
    Status status = depth.judge(now.depth());
    String message = "depth " + now.depth();
    Result result = Result.ok("").withDetail("depth", now.depth());
    if (ok + failed > 0) {
      double rate = (double) ok / (ok + failed);
      status = status.worse(Kits.lowerIsWorse(rate, successWarningBelow, successCriticalBelow));
      message += String.format(Locale.ROOT, ", success rate %.2f over %d tasks", rate, ok + failed);
      result = result.withDetail("success_rate", Math.round(rate * 1000) / 1000.0);
    }
    return Result.of(status, message).withDetails(result.details());
  }
}
