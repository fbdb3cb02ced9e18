package io.vigil.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a shard's copies go: weighted rendezvous (highest random weight) hashing, spread across
 * zones. Every node gets a score per shard, {@code -capacity / ln(u)} with {@code u} in (0, 1) from
 * a hash of the shard and the node's id (the logarithmic method of weighted HRW); the copies go to
 * the best-scored nodes, first one per zone, then, when there are fewer zones than copies, to the
 * next best. Removing a node changes only the shards it held, and each of those by one copy; adding
 * one takes from each node about its share. Pure functions.
 */
final class Placement {

  private Placement() {}

  /**
   * A node that may hold copies.
   *
   * @param id its id
   * @param zone its failure domain
   * @param capacity its weight
   */
  record Candidate(String id, String zone, double capacity) {}

  /** The candidates best first for {@code shard}; ties (never in practice) by id. */
  static List<Candidate> rank(int shard, List<Candidate> candidates) {
    record Scored(Candidate candidate, double score) {}
    List<Scored> scored = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      scored.add(new Scored(c, score(shard, c)));
    }
    scored.sort(
        Comparator.comparingDouble((Scored s) -> -s.score())
            .thenComparing(s -> s.candidate().id()));
    return scored.stream().map(Scored::candidate).toList();
  }

  /**
   * The copies of a shard: {@code kept} stay, in their order, then more from {@code ranked} (best
   * first), one per zone while zones remain, up to {@code copies}.
   */
  static List<String> place(List<Candidate> kept, List<Candidate> ranked, int copies) {
    List<String> picked = new ArrayList<>();
    Set<String> zones = new HashSet<>();
    for (Candidate c : kept) {
      picked.add(c.id());
      zones.add(c.zone());
    }
    for (Candidate c : ranked) {
      if (picked.size() >= copies) {
        break;
      }
      if (!picked.contains(c.id()) && zones.add(c.zone())) {
        picked.add(c.id());
      }
    }
    for (Candidate c : ranked) {
      if (picked.size() >= copies) {
        break;
      }
      if (!picked.contains(c.id())) {
        picked.add(c.id());
      }
    }
    return picked;
  }

  /** The ideal copies of {@code shard} over {@code candidates}, the primary (the best) first. */
  static List<String> ideal(int shard, List<Candidate> candidates, int copies) {
    return place(List.of(), rank(shard, candidates), copies);
  }

  /** The HRW score: larger is better; proportional to capacity in expectation of being first. */
  static double score(int shard, Candidate c) {
    long h = mix(fnv(c.id()) ^ mix(shard + 0x9e3779b97f4a7c15L));
    double u = ((h >>> 11) + 0.5) / (1L << 53); // uniform in (0, 1)
    return -c.capacity() / Math.log(u);
  }

  private static long fnv(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  /** SplitMix64's finalizer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
