package io.vigil.core;

/**
 * The lowest scores judged {@code HEALTHY} and {@code DEGRADED}: a score's level. The level informs
 * (trends, alerts on a node that keeps failing now and then); it never changes a status.
 *
 * @param healthy lowest score of the {@link SystemStatus#HEALTHY} level (default 0.95)
 * @param degraded lowest score of the {@link SystemStatus#DEGRADED} level (default 0.75)
 */
public record ScoreThresholds(double healthy, double degraded) {

  /** The level of {@code score}: HEALTHY, DEGRADED or UNHEALTHY. */
  public SystemStatus level(double score) {
    if (score >= healthy) {
      return SystemStatus.HEALTHY;
    }
    return score >= degraded ? SystemStatus.DEGRADED : SystemStatus.UNHEALTHY;
  }
}
