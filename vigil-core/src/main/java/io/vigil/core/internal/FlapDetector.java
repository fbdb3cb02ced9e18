package io.vigil.core.internal;

import io.vigil.core.Status;

/**
 * Nagios-style flap detection: the percent of state changes among the last 21 results, each change
 * weighted from 0.8 (oldest) to 1.2 (newest), with hysteresis: flapping starts above the start
 * threshold and stops below the stop threshold. Not thread-safe (owned by the engine lock).
 */
final class FlapDetector {

  /** Results looked at: 21 results hold 20 possible changes. */
  static final int WINDOW = 21;

  private static final int CHANGES = WINDOW - 1;

  /** What one result did to flapping. */
  enum Change {
    NONE,
    STARTED,
    STOPPED
  }

  private final StatusRing recent = new StatusRing(WINDOW);
  private boolean flapping;
  private double percent;

  Change add(Status status, double startPercent, double stopPercent) {
    recent.add(status);
    percent = percentChange();
    if (!flapping && percent > startPercent) {
      flapping = true;
      return Change.STARTED;
    }
    if (flapping && percent < stopPercent) {
      flapping = false;
      return Change.STOPPED;
    }
    return Change.NONE;
  }

  /** Forgets the results so far; returns whether the check was flapping. */
  boolean reset() {
    boolean was = flapping;
    recent.clear();
    flapping = false;
    percent = 0;
    return was;
  }

  boolean flapping() {
    return flapping;
  }

  double percent() {
    return percent;
  }

  private double percentChange() {
    int n = recent.size();
    double weighted = 0;
    // The newest change has index CHANGES - 1 so few results give a low percentage.
    int firstIndex = CHANGES - (n - 1);
    for (int i = 1; i < n; i++) {
      if (recent.get(i) != recent.get(i - 1)) {
        int index = firstIndex + i - 1;
        weighted += 0.8 + 0.4 * index / (CHANGES - 1);
      }
    }
    return weighted * 100.0 / CHANGES;
  }
}
