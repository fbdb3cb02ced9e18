package io.vigil.alerts;

import java.util.Locale;
import java.util.Optional;

/** How urgent an alert is. */
public enum Severity {
  /** For the record. */
  INFO,
  /** Needs attention soon. */
  WARNING,
  /** Needs attention now. */
  CRITICAL;

  /** The name in JSON and configuration: {@code info}, {@code warning}, {@code critical}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The severity of an id, if it is one. */
  public static Optional<Severity> of(String id) {
    for (Severity s : values()) {
      if (s.id().equals(id)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
