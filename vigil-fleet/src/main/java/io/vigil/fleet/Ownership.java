package io.vigil.fleet;

import java.util.Set;

/**
 * A change of the partitions this agent owns, told to {@link Fleet#onOwnership} listeners. A
 * partition owned again under a new epoch (its lease had lapsed) is told twice: first lost, then
 * gained.
 *
 * @param owned every partition owned after the change
 * @param gained partitions owned now and not before
 * @param lost partitions owned before and not now
 */
public record Ownership(Set<Integer> owned, Set<Integer> gained, Set<Integer> lost) {

  /** Copies the sets. */
  public Ownership {
    owned = Set.copyOf(owned);
    gained = Set.copyOf(gained);
    lost = Set.copyOf(lost);
  }
}
