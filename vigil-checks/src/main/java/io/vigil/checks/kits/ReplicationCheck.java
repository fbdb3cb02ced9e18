package io.vigil.checks.kits;

import io.vigil.core.CheckContext;
import io.vigil.core.Durations;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Replication: CRITICAL with no replica or lag at the critical limit; WARNING below the target
 * replication factor or lag at the warning limit.
 */
public final class ReplicationCheck implements HealthCheck {

  /** What the host system reports. */
  public record State(Duration lag, int replicas, int targetReplicas) {}

  private final Supplier<State> state;
  private final Duration lagWarning;
  private final Duration lagCritical;

  /** Judges what {@code state} reports against lag limits. */
  public ReplicationCheck(Supplier<State> state, Duration lagWarning, Duration lagCritical) {
    this.state = state;
    this.lagWarning = lagWarning;
    this.lagCritical = lagCritical;
  }

  @Override
  public Result check(CheckContext ctx) {
    State s = state.get();
    Status status = Status.OK;
    if (s.replicas() < s.targetReplicas()) {
      status = s.replicas() <= 0 ? Status.CRITICAL : Status.WARNING;
    }
    if (s.lag().compareTo(lagCritical) >= 0) {
      status = Status.CRITICAL;
    } else if (s.lag().compareTo(lagWarning) >= 0) {
      status = status.worse(Status.WARNING);
    }
    return Result.of(
            status,
            s.replicas()
                + " of "
                + s.targetReplicas()
                + " replicas, lag "
                + Durations.format(s.lag()))
        .withDetail("replicas", s.replicas())
        .withDetail("target_replicas", s.targetReplicas())
        .withDetail("lag_ms", s.lag().toMillis());
  }
}
