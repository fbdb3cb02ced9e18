package io.vigil.recovery;

import io.vigil.core.CheckSnapshot;
import java.util.Optional;

/**
 * Where the healer reads the checks its ladders watch: the monitor's latest view of each ({@code
 * Monitor::check}), so a tick costs the same with 10 checks or 10,000.
 */
@FunctionalInterface
interface Checks {

  /** The named check's latest view; empty when there is none. */
  Optional<CheckSnapshot> check(String name);
}
