package io.vigil.recovery;

import java.time.Duration;

/**
 * What keeps healing from making things worse.
 *
 * @param breakerFailures failed recoveries in a row that open a target's circuit breaker (5)
 * @param breakerOpenFor how long the breaker stays open before one trial (300 s)
 * @param restarts restarts allowed per target within {@code restartWindow} (3)
 * @param restartWindow the restart budget's window (10 min)
 * @param backoff wait before the second restart; doubled for each further one (5 s)
 * @param maxBackoff the longest wait between restarts (5 min)
 * @param actionsPerMinute recovery actions allowed per minute over all checks (5)
 */
public record Guards(
    int breakerFailures,
    Duration breakerOpenFor,
    int restarts,
    Duration restartWindow,
    Duration backoff,
    Duration maxBackoff,
    int actionsPerMinute) {

  /** The defaults above (Monit's 3 restarts in 10 minutes; the seed's breaker 5 / 300 s). */
  public static Guards ofDefaults() {
    return new Guards(
        5,
        Duration.ofSeconds(300),
        3,
        Duration.ofMinutes(10),
        Duration.ofSeconds(5),
        Duration.ofMinutes(5),
        5);
  }
}
