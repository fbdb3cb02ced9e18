package io.vigil.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The monitor's validated settings; see {@code MonitorBuilder} for meanings and defaults. */
public record Settings(
    int historySize,
    int scoreWindow,
    Duration startupGrace,
    double healthyScore,
    double degradedScore,
    int listenerQueue,
    Duration abandonAfter) {

  /** Validates every setting and reports all problems at once. */
  public Settings {
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
