package io.vigil.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each kind of row is kept. Per-minute rollups older than {@link #minutes()} are compacted
 * into hourly rollups, hourly ones older than {@link #hours()} into daily ones; daily rollups older
 * than {@link #days()} and transitions older than {@link #transitions()} are deleted, and so are
 * finished tasks older than {@link #tasks()}.
 *
 * @param transitions state transitions (default 30 days)
 * @param minutes per-minute rollups before compaction to hourly (default 48 hours)
 * @param hours hourly rollups before compaction to daily (default 30 days)
 * @param days daily rollups (default 400 days)
 * @param tasks finished tasks and their results (default 7 days)
 */
public record Retention(
    Duration transitions, Duration minutes, Duration hours, Duration days, Duration tasks) {

  /** Raw transitions are kept 30 days. */
  public static final Duration DEFAULT_TRANSITIONS = Duration.ofDays(30);

  /** Per-minute rollups are kept 48 hours, then compacted into hourly ones. */
  public static final Duration DEFAULT_MINUTES = Duration.ofHours(48);

  /** Hourly rollups are kept 30 days, then compacted into daily ones. */
  public static final Duration DEFAULT_HOURS = Duration.ofDays(30);

  /** Daily rollups are kept 400 days (a year over year comparison fits). */
  public static final Duration DEFAULT_DAYS = Duration.ofDays(400);

  /** Finished tasks and their results are kept 7 days. */
  public static final Duration DEFAULT_TASKS = Duration.ofDays(7);

  /** Validates the durations: each positive, and each level kept at least as long as the finer. */
  public Retention {
    Objects.requireNonNull(transitions, "transitions");
    Objects.requireNonNull(minutes, "minutes");
    Objects.requireNonNull(hours, "hours");
    Objects.requireNonNull(days, "days");
    Objects.requireNonNull(tasks, "tasks");
    for (Duration d : new Duration[] {transitions, minutes, hours, days, tasks}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(
            "retention: every duration must be positive, but was " + d);
      }
    }
    if (minutes.compareTo(Duration.ofHours(1)) < 0 || hours.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException(
          "retention: minutes must be at least 1h and hours at least 1d, but were "
              + minutes
              + " and "
              + hours);
    }
  }

  /** The defaults: 30 d transitions, 48 h minutes, 30 d hours, 400 d days, 7 d tasks. */
  public static Retention defaults() {
    return new Retention(
        DEFAULT_TRANSITIONS, DEFAULT_MINUTES, DEFAULT_HOURS, DEFAULT_DAYS, DEFAULT_TASKS);
  }
}
