package io.vigil.alerts;

import java.util.Locale;

/** What an alert is about. */
public enum AlertKind {
  /** A check is hard down (or warning). */
  DOWN,
  /** A check is flapping: one alert instead of one per transition. */
  FLAPPING,
  /** Recovery gave up on a check (it is quarantined). */
  GAVE_UP,
  /** A check has no fresh result. */
  STALE,
  /** A cluster node was declared dead. */
  NODE_DEAD,
  /** Always firing while Vigil runs: a dead man's switch for a monitor of the monitor. */
  WATCHDOG;

  /** The name in JSON: {@code down}, {@code gave_up}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
