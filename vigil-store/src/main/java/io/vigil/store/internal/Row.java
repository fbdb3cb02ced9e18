package io.vigil.store.internal;

import io.vigil.store.Rollup;
import io.vigil.store.Transition;
import io.vigil.store.recovery.RecoveryRecord;
import io.vigil.store.recovery.SavedRecovery;
import java.util.List;

/**
 * A row waiting to be written: in the {@link WriteQueue}, or a recovery state in {@link
 * StateSlots}.
 */
sealed interface Row {

  /** A state transition or flapping change. */
  record TransitionRow(Transition transition) implements Row {}

  /** A rollup with its encoded latency histogram. */
  record RollupRow(Rollup rollup, String histogram) implements Row {}

  /** A recovery event. */
  record RecoveryRow(RecoveryRecord record) implements Row {}

  /** The latest state of one recovery target or check of a node, replacing the stored one. */
  sealed interface StateRow extends Row {

    /** Identifies the entry: a later row with the same key replaces an unwritten earlier one. */
    List<String> key();
  }

  /** A recovery target's state. */
  record TargetStateRow(String node, String target, SavedRecovery.Target state, long updatedMs)
      implements StateRow {
    @Override
    public List<String> key() {
      return List.of("target", node, target);
    }
  }

  /** A check's ladder state. */
  record CheckStateRow(String node, String check, SavedRecovery.Check state, long updatedMs)
      implements StateRow {
    @Override
    public List<String> key() {
      return List.of("check", node, check);
    }
  }
}
