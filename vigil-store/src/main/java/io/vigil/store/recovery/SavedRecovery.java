package io.vigil.store.recovery;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A node's recovery state as the store keeps it: per recovery target its restart budget, backoff
 * and circuit breaker; per check its ladder step and quarantine.
 *
 * @param targets by target name
 * @param checks by check name
 */
public record SavedRecovery(Map<String, Target> targets, Map<String, Check> checks) {

  /** Copies the maps, keeping their order. */
  public SavedRecovery {
    targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
  }

  /** Nothing saved. */
  public static SavedRecovery empty() {
    return new SavedRecovery(Map.of(), Map.of());
  }

  /** Whether nothing is saved. */
  public boolean isEmpty() {
    return targets.isEmpty() && checks.isEmpty();
  }

  /**
   * A recovery target.
   *
   * @param restarts when the restarts within the budget's window started, oldest first
   * @param nextRestartAt until when the next restart must wait, if it must
   * @param breakerOpen whether its circuit breaker is open
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
   * @param step the index of its current step
   * @param quarantine why and since when healing gave up, if it has
   */
  public record Check(int step, Optional<Quarantine> quarantine) {

    /** Checks the values. */
    public Check {
      Objects.requireNonNull(quarantine, "quarantine");
    }
  }

  /**
   * Why and since when healing gave up on a check.
   *
   * @param cause the guard that stopped it, e.g. {@code BUDGET_SPENT}
   * @param reason the same in words
   * @param since when it gave up
   */
  public record Quarantine(String cause, String reason, Instant since) {

    /** Checks the values. */
    public Quarantine {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(since, "since");
    }
  }
}
