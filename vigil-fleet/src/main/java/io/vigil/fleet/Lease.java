package io.vigil.fleet;

import io.vigil.core.Subscription;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A singleton lease ("alerts", "cluster") the agents of a fleet compete for: at most one holds it
 * at a time. The fleet's thread takes it when free or expired (with a new epoch) and renews it with
 * the agent's own lease.
 */
public interface Lease {

  /** The lease's name. */
  String name();

  /** Whether this agent holds the lease and is {@linkplain Fleet#acting() acting}. */
  boolean held();

  /** This agent's epoch of the lease while it holds it. */
  OptionalLong epoch();

  /** Who holds the lease by the last read (empty when nobody holds a live one). */
  Optional<String> holder();

  /**
   * Tells the listener whether {@link #held()} is true, once right after subscribing and then at
   * each change, on the fleet's event thread.
   */
  Subscription onChange(Consumer<Boolean> heldNow);
}
