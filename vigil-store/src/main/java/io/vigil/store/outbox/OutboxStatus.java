package io.vigil.store.outbox;

import java.util.Locale;
import java.util.Optional;

/** Where a notification of the {@link Outbox} is. */
public enum OutboxStatus {
  /** Written, not tried yet. */
  PENDING,
  /** Tried and failed; tried again at its next attempt. */
  FAILED,
  /** Delivered. */
  SENT,
  /** Undeliverable (a permanent error, or its deadline passed): kept and counted, not sent. */
  DEAD;

  /** The name in the database and the API: {@code pending}, {@code failed}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status of an id, if it is one. */
  public static Optional<OutboxStatus> of(String id) {
    for (OutboxStatus s : values()) {
      if (s.id().equals(id)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Whether it still waits to be sent. */
  public boolean unsent() {
    return this == PENDING || this == FAILED;
  }
}
