package io.vigil.recovery;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the healer keeps across agent restarts: per recovery target its restart budget, backoff and
 * circuit breaker; per check its ladder step and quarantine. Saved through a {@link
 * RecoveryStateStore}.
 *
 * @param targets by target name (what breakers and budgets are keyed by)
 * @param checks by check name
 */
public record RecoveryState(Map<String, Target> targets, Map<String, Check> checks) {

  /** Copies the maps, keeping their order. */
  public RecoveryState {
    targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
  }

  /** Nothing saved. */
  public static RecoveryState empty() {
    return new RecoveryState(Map.of(), Map.of());
  }

  /** Whether nothing is saved. */
  public boolean isEmpty() {
    return targets.isEmpty() && checks.isEmpty();
  }

  /**
   * A target's guards.
   *
   * @param restarts when its restarts within the budget's window started, oldest first
   * @param nextRestartAt until when the next restart must wait (backoff), if it must
   * @param breakerOpen whether its circuit breaker was open (it opens again after a restart, its
   *     wait starting over)
   */
  public record Target(
      List<Instant> restarts, Optional<Instant> nextRestartAt, boolean breakerOpen) {

    /** Copies the list. */
    public Target {
      restarts = List.copyOf(restarts);
      Objects.requireNonNull(nextRestartAt, "nextRestartAt");
    }
  }

  /**
   * A check's ladder.
   *
   * @param step the index of its current step, from 0
   * @param quarantine why and since when healing gave up, if it has
   */
  public record Check(int step, Optional<RecoveryView.Quarantine> quarantine) {

    /** Checks the values. */
    public Check {
      Objects.requireNonNull(quarantine, "quarantine");
      if (step < 0) {
        throw new IllegalArgumentException("step must not be negative, but was " + step);
      }
    }
  }
}
