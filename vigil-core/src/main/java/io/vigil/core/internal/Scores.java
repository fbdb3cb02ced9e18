package io.vigil.core.internal;

import io.vigil.core.Status;

/** Health scores: recency-weighted success ratios in 0..1. */
final class Scores {

  private Scores() {}

  /**
   * The score of a check's recent statuses: each counts 1 for OK, 0.5 for WARNING and 0 otherwise,
   * weighted linearly from 1 (oldest) to 2 (newest). 0 when there is none.
   */
  static double of(StatusRing recent) {
    int n = recent.size();
    if (n == 0) {
      return 0.0;
    }
    double sum = 0;
    double weights = 0;
    for (int i = 0; i < n; i++) {
      double weight = n == 1 ? 1.0 : 1.0 + (double) i / (n - 1);
      sum += weight * value(recent.get(i));
      weights += weight;
    }
    return sum / weights;
  }

  private static double value(Status status) {
    return switch (status) {
      case OK -> 1.0;
      case WARNING -> 0.5;
      case CRITICAL, UNKNOWN -> 0.0;
    };
  }
}
