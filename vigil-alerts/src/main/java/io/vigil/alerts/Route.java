package io.vigil.alerts;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Which alerts a sink gets and when.
 *
 * @param sink the sink's name
 * @param match the alerts it gets: every matcher must match (all alerts with none)
 * @param minSeverity the least severity it gets
 * @param groupBy the labels that make a group (default {@code component})
 * @param groupWait how long a new group waits for more alerts before its first notification
 * @param groupInterval how long a group waits after a notification before it sends changes
 * @param repeatInterval how often an unchanged firing group is sent again
 * @param ratePerMinute at most this many notifications a minute; the overflow goes out as one
 *     summary when the limit allows
 */
public record Route(
    String sink,
    List<Matcher> match,
    Severity minSeverity,
    List<String> groupBy,
    Duration groupWait,
    Duration groupInterval,
    Duration repeatInterval,
    int ratePerMinute) {

  /** Default {@link #groupBy()}. */
  public static final List<String> DEFAULT_GROUP_BY = List.of("component");

  /** Default {@link #groupWait()}. */
  public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(10);

  /** Default {@link #groupInterval()}. */
  public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(1);

  /** Default {@link #repeatInterval()}. */
  public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);

  /** Default {@link #ratePerMinute()}. */
  public static final int DEFAULT_RATE_PER_MINUTE = 20;

  /** Validates the route. */
  public Route {
    match = List.copyOf(match);
    groupBy = List.copyOf(groupBy);
    if (groupWait.isNegative() || groupInterval.isNegative() || !repeatInterval.isPositive()) {
      throw new IllegalArgumentException(
          "groupWait and groupInterval must not be negative, repeatInterval must be positive");
    }
    if (ratePerMinute < 1) {
      throw new IllegalArgumentException("ratePerMinute must be at least 1");
    }
  }

  /** Every alert to {@code sink}, with the defaults. */
  public static Route defaults(String sink) {
    return new Route(
        sink,
        List.of(),
        Severity.INFO,
        DEFAULT_GROUP_BY,
        DEFAULT_GROUP_WAIT,
        DEFAULT_GROUP_INTERVAL,
        DEFAULT_REPEAT_INTERVAL,
        DEFAULT_RATE_PER_MINUTE);
  }

  /** Whether the route takes the alert. */
  public boolean takes(Alert alert) {
    return alert.severity().compareTo(minSeverity) >= 0 && Matcher.all(match, alert.labels());
  }

  /** The labels of the alert's group: its values of {@link #groupBy()}. */
  public Map<String, String> groupLabels(Alert alert) {
    Map<String, String> labels = new java.util.TreeMap<>();
    for (String name : groupBy) {
      labels.put(name, alert.labels().getOrDefault(name, ""));
    }
    return labels;
  }

  /** This route with other timings. */
  public Route withTimings(Duration wait, Duration interval, Duration repeat) {
    return new Route(sink, match, minSeverity, groupBy, wait, interval, repeat, ratePerMinute);
  }

  /** This route with another rate limit. */
  public Route withRate(int perMinute) {
    return new Route(
        sink, match, minSeverity, groupBy, groupWait, groupInterval, repeatInterval, perMinute);
  }
}
