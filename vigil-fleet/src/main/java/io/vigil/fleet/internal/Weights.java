package io.vigil.fleet.internal;

import java.util.Collection;
import java.util.Map;

/**
 * Where each check is placed, and what each partition weighs when agents split them. A check's
 * partition is that of its placement key (by default its name; the agent places a check by its
 * recovery target, so a target's checks share one partition and one healer). A partition weighs the
 * number of checks in it, so that every agent runs about the same number of checks (by partition
 * count alone, 300 checks on 3 agents would split with a spread of about ±8 from hashing). Each
 * partition also weighs a little by itself (1 in {@code partitions + 1}), so empty ones are spread
 * too and a check added later already has an owner. Without check names every partition weighs the
 * same.
 */
public final class Weights {

  private final int partitions;
  private volatile int[] checks;
  private volatile Map<String, String> keys = Map.of();

  public Weights(int partitions) {
    this.partitions = partitions;
  }

  /** From now on, weigh by these check names (each placed by its name). */
  public void checks(Collection<String> names) {
    int[] counts = new int[partitions];
    names.forEach(n -> counts[Partitions.of(n, partitions)]++);
    keys = Map.of();
    checks = counts;
  }

  /** From now on, place each check by its key ({@code keyByCheck}) and weigh by these checks. */
  public void checks(Map<String, String> keyByCheck) {
    int[] counts = new int[partitions];
    keyByCheck.values().forEach(k -> counts[Partitions.of(k, partitions)]++);
    keys = Map.copyOf(keyByCheck);
    checks = counts;
  }

  /** The partition of a check: its key's. */
  public int partitionOf(String check) {
    return Partitions.of(keys.getOrDefault(check, check), partitions);
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
