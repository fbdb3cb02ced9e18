package io.vigil.store.internal;

import io.vigil.store.Rollup;
import io.vigil.store.Transition;

/** A row waiting in the {@link WriteQueue}. */
sealed interface Row {

  /** A state transition or flapping change. */
  record TransitionRow(Transition transition) implements Row {}

  /** A rollup with its encoded latency histogram. */
  record RollupRow(Rollup rollup, String histogram) implements Row {}
}
