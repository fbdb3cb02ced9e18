package io.vigil.alerts;

import io.vigil.core.CheckSpec;
import io.vigil.core.HealthEvent;
import io.vigil.core.Result;
import io.vigil.core.StateType;
import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Engine events for tests, stamped with a fake clock, and the specs of the checks they name. */
final class Events {

  final FakeTicker ticker;
  final Map<String, CheckSpec> specs = new LinkedHashMap<>();

  Events(FakeTicker ticker) {
    this.ticker = ticker;
  }

  Events check(String name, String component, boolean critical, String... dependsOn) {
    specs.put(
        name,
        CheckSpec.builder(name)
            .component(component)
            .critical(critical)
            .dependsOn(dependsOn)
            .build());
    return this;
  }

  Function<String, Optional<CheckSpec>> specs() {
    return name -> Optional.ofNullable(specs.get(name));
  }

  HealthEvent down(String check) {
    return change(check, Status.OK, Status.CRITICAL, StateType.HARD, "connection refused");
  }

  HealthEvent soft(String check) {
    return change(check, Status.OK, Status.CRITICAL, StateType.SOFT, "connection refused");
  }

  HealthEvent warning(String check) {
    return change(check, Status.OK, Status.WARNING, StateType.HARD, "slow");
  }

  HealthEvent up(String check) {
    return change(check, Status.CRITICAL, Status.OK, StateType.HARD, "200 OK");
  }

  HealthEvent stale(String check) {
    return change(check, Status.OK, Status.UNKNOWN, StateType.HARD, "no result for 1m10s");
  }

  HealthEvent flapping(String check, boolean started) {
    return started
        ? new HealthEvent.FlappingStarted(check, 42, ticker.wallTime())
        : new HealthEvent.FlappingStopped(check, 3, ticker.wallTime());
  }

  private HealthEvent change(String check, Status from, Status to, StateType type, String msg) {
    CheckSpec spec = specs.get(check);
    return new HealthEvent.StateChanged(
        check,
        spec != null && spec.critical(),
        from,
        StateType.HARD,
        to,
        type,
        Result.of(to, msg).stamped(java.time.Duration.ZERO, ticker.wallTime()),
        to == Status.OK ? 0 : 3,
        ticker.wallTime());
  }
}
