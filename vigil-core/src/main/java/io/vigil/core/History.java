package io.vigil.core;

import java.util.List;
import java.util.Map;

/**
 * Results of one check within a time range, oldest first, with counts per status. The history keeps
 * every run's status, latency and finish time; its message only for failures and changes of status
 * (an OK run after an OK run reads as an empty message), and no details (those of the last run are
 * in {@link CheckSnapshot#lastResult()}).
 *
 * @param check the check's name
 * @param results the results, oldest first
 * @param counts how many of {@link #results()} had each status (every status present, maybe 0)
 */
public record History(String check, List<Result> results, Map<Status, Long> counts) {

  /** Copies the collections. */
  public History {
    results = List.copyOf(results);
    counts = Map.copyOf(counts);
  }
}
