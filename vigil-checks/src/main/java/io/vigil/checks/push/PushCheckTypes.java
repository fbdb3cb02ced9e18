package io.vigil.checks.push;

import io.vigil.checks.CheckType;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.CheckTypeProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The {@code heartbeat} type: CRITICAL when no beat arrived within {@code ttl}. */
public final class PushCheckTypes implements CheckTypeProvider {

  @Override
  public List<CheckType> types(CheckTypeContext context) {
    return List.of(
        CheckType.of(
            "heartbeat",
            "push check: POST /api/heartbeat/{name} within ttl (default 30s), else CRITICAL",
            s ->
                new HeartbeatCheck(
                    s.requiredString("name"),
                    s.duration("ttl", Duration.ofSeconds(30)),
                    context.heartbeats(),
                    Clock.systemUTC())));
  }
}
