package io.vigil.checks.push;

import io.vigil.checks.BoundCheck;
import io.vigil.checks.Heartbeats;
import io.vigil.core.CheckContext;
import io.vigil.core.Durations;
import io.vigil.core.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A push check with Consul TTL semantics: the watched system sends beats ({@code POST
 * /api/heartbeat/{name}} or {@link Heartbeats#beat}); the check is CRITICAL when none arrived
 * within {@code ttl}, else it reports the status and message of the last beat (OK by default).
 * Beats for its name are accepted while it is bound (registered).
 */
final class HeartbeatCheck implements BoundCheck {

  private final String name;
  private final Duration ttl;
  private final Heartbeats heartbeats;
  private final Clock clock;

  /** Watches the beats of {@code name} in {@code heartbeats}; expects none until bound. */
  HeartbeatCheck(String name, Duration ttl, Heartbeats heartbeats, Clock clock) {
    this.name = name;
    this.ttl = ttl;
    this.heartbeats = heartbeats;
    this.clock = clock;
  }

  @Override
  public void bind() {
    heartbeats.expect(name);
  }

  @Override
  public void unbind() {
    heartbeats.release(name);
  }

  @Override
  public Result check(CheckContext ctx) {
    Optional<Heartbeats.Beat> last = heartbeats.last(name);
    if (last.isEmpty()) {
      return Result.critical("no heartbeat received yet (ttl " + Durations.format(ttl) + ")")
          .withDetail("ttl_ms", ttl.toMillis());
    }
    Heartbeats.Beat beat = last.get();
    Duration age = Duration.between(beat.at(), Instant.now(clock));
    if (age.compareTo(ttl) > 0) {
      return Result.critical(
              "no heartbeat for "
                  + Durations.format(Duration.ofSeconds(age.toSeconds()))
                  + " (ttl "
                  + Durations.format(ttl)
                  + ")")
          .withDetail("last_beat", beat.at().toString())
          .withDetail("ttl_ms", ttl.toMillis());
    }
    String message =
        beat.message().isBlank() ? "heartbeat " + age.toMillis() + " ms ago" : beat.message();
    return Result.of(beat.status(), message)
        .withDetail("last_beat", beat.at().toString())
        .withDetail("age_ms", age.toMillis())
        .withDetail("ttl_ms", ttl.toMillis());
  }
}
