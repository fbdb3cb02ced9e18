package io.vigil.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A monitor's validated settings, built by {@link MonitorBuilder}, which documents their meanings
 * and defaults.
 *
 * @param historySize results kept per check
 * @param scoreWindow results a check's score is computed over
 * @param startupGrace longest time the system stays STARTING while checks have no result
 * @param healthyScore lowest score judged HEALTHY
 * @param degradedScore lowest score judged DEGRADED
 * @param listenerQueue events a listener's queue holds before it drops
 * @param abandonAfter time an interrupted run has to end before it counts as abandoned
 */
public record MonitorSettings(
    int historySize,
    int scoreWindow,
    Duration startupGrace,
    double healthyScore,
    double degradedScore,
    int listenerQueue,
    Duration abandonAfter) {

  /**
   * Validates every setting and reports all problems at once.
   *
   * @throws IllegalArgumentException naming each invalid setting
   */
  public MonitorSettings {
    List<String> problems = new ArrayList<>();
    if (historySize < 1) {
      problems.add("historySize: must be at least 1, but was " + historySize);
    }
    if (scoreWindow < 1) {
      problems.add("scoreWindow: must be at least 1, but was " + scoreWindow);
    }
    if (startupGrace.isNegative()) {
      problems.add("startupGrace: must not be negative, but was " + startupGrace);
    }
    if (!(degradedScore >= 0 && degradedScore <= healthyScore && healthyScore <= 1)) {
      problems.add(
          "scoreThresholds: must satisfy 0 <= degraded <= healthy <= 1, but were healthy "
              + healthyScore
              + ", degraded "
              + degradedScore);
    }
    if (listenerQueue < 1) {
      problems.add("listenerQueue: must be at least 1, but was " + listenerQueue);
    }
    if (abandonAfter.isNegative()) {
      problems.add("abandonAfter: must not be negative, but was " + abandonAfter);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid monitor settings: " + String.join("; ", problems));
    }
  }
}
