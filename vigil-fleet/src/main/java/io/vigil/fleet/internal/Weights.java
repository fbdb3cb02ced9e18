package io.vigil.fleet.internal;

import java.util.Collection;

/**
 * What each partition weighs when agents split them: the number of checks in it, so that every
 * agent runs about the same number of checks (by partition count alone, 300 checks on 3 agents
 * would split with a spread of about ±8 from hashing). Each partition also weighs a little by
 * itself (1 in {@code partitions + 1}), so empty ones are spread too and a check added later
 * already has an owner. Without check names every partition weighs the same.
 */
public final class Weights {

  private final int partitions;
  private volatile int[] checks;

  public Weights(int partitions) {
    this.partitions = partitions;
  }

  /** From now on, weigh by these check names (the agent's fleet checks). */
  public void checks(Collection<String> names) {
    int[] counts = new int[partitions];
    names.forEach(n -> counts[Partitions.of(n, partitions)]++);
    checks = counts;
  }

  /** The weight of one partition. */
  public long of(int partition) {
    int[] c = checks;
    return c == null ? 1 : (long) c[partition] * (partitions + 1) + 1;
  }

  /** The weight of these partitions. */
  public long of(Collection<Integer> owned) {
    long sum = 0;
    for (int p : owned) {
      sum += of(p);
    }
    return sum;
  }

  /** The weight of every partition. */
  public long total() {
    long sum = 0;
    for (int p = 0; p < partitions; p++) {
      sum += of(p);
    }
    return sum;
  }
}
