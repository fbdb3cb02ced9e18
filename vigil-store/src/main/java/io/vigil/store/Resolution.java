package io.vigil.store;

import java.time.Duration;
import java.util.Locale;

/** The width of a {@link Rollup}'s bucket. */
public enum Resolution {
  /** Per-minute buckets, written from the runs. */
  MINUTE(Duration.ofMinutes(1)),
  /** Hourly buckets, compacted from minutes. */
  HOUR(Duration.ofHours(1)),
  /** Daily buckets (UTC days), compacted from hours. */
  DAY(Duration.ofDays(1));

  private final Duration width;

  Resolution(Duration width) {
    this.width = width;
  }

  /** The bucket's width. */
  public Duration width() {
    return width;
  }

  /** The lower-case name stored in the database. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The resolution of a stored name. */
  public static Resolution of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
