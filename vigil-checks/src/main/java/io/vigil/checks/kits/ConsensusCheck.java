package io.vigil.checks.kits;

import io.vigil.core.CheckContext;
import io.vigil.core.Durations;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A consensus group (Raft, an election): CRITICAL with no known leader; WARNING when the leader
 * changed too often in the last hour; heartbeat lag from the leader against limits.
 *
 * <pre>{@code
 * new ConsensusCheck(() -> new ConsensusCheck.State(raft.leader(), raft.leaderChangesLastHour(),
 *     raft.heartbeatLag()), ConsensusCheck.Limits.ofDefaults());
 * }</pre>
 */
public final class ConsensusCheck implements HealthCheck {

  /** What the host system reports. */
  public record State(Optional<String> leader, int leaderChangesLastHour, Duration heartbeatLag) {}

  /** Limits: leader changes per hour, heartbeat lag for WARNING and CRITICAL. */
  public record Limits(int maxLeaderChangesPerHour, Duration lagWarning, Duration lagCritical) {
    /** 3 changes per hour, lag 1 s / 5 s. */
    public static Limits ofDefaults() {
      return new Limits(3, Duration.ofSeconds(1), Duration.ofSeconds(5));
    }
  }

  private final Supplier<State> state;
  private final Limits limits;

  /** Judges what {@code state} reports. */
  public ConsensusCheck(Supplier<State> state, Limits limits) {
    this.state = state;
    this.limits = limits;
  }

  @Override
  public Result check(CheckContext ctx) {
    State s = state.get();
    if (s.leader().isEmpty()) {
      return Result.critical("no leader")
          .withDetail("leader_changes_last_hour", s.leaderChangesLastHour());
    }
    Status status = Status.OK;
    StringBuilder message = new StringBuilder("leader " + s.leader().get());
    if (s.leaderChangesLastHour() > limits.maxLeaderChangesPerHour()) {
      status = Status.WARNING;
      message
          .append(", ")
          .append(s.leaderChangesLastHour())
          .append(" leader changes in the last hour");
    }
    if (s.heartbeatLag().compareTo(limits.lagCritical()) >= 0) {
      status = Status.CRITICAL;
      message.append(", heartbeat lag ").append(Durations.format(s.heartbeatLag()));
    } else if (s.heartbeatLag().compareTo(limits.lagWarning()) >= 0) {
      status = status.worse(Status.WARNING);
      message.append(", heartbeat lag ").append(Durations.format(s.heartbeatLag()));
    }
    return Result.of(status, message.toString())
        .withDetail("leader", s.leader().get())
        .withDetail("leader_changes_last_hour", s.leaderChangesLastHour())
        .withDetail("heartbeat_lag_ms", s.heartbeatLag().toMillis());
  }
}
