package io.vigil.store;

import java.time.Instant;
import java.util.List;

/**
 * What the store knows about one check over a time range.
 *
 * @param check the check's name
 * @param from the range's start (inclusive)
 * @param to the range's end (inclusive)
 * @param transitions state transitions and flapping changes within the range, oldest first
 * @param rollups buckets overlapping the range, oldest first, at the finest resolution kept for
 *     their time (minutes for the last 48 h, hours for the last 30 days, days before that, by
 *     default); rows of one bucket are merged
 */
public record CheckHistory(
    String check, Instant from, Instant to, List<Transition> transitions, List<Rollup> rollups) {

  /** Copies the lists. */
  public CheckHistory {
    transitions = List.copyOf(transitions);
    rollups = List.copyOf(rollups);
  }
}
