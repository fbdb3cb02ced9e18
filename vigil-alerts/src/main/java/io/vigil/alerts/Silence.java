package io.vigil.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A silence: while active, alerts whose labels match every matcher are not notified (and are shown
 * as silenced).
 *
 * @param id its id
 * @param matchers at least one
 * @param startsAt when it starts
 * @param endsAt when it ends; after it starts
 * @param createdBy who made it
 * @param comment why
 */
public record Silence(
    String id,
    List<Matcher> matchers,
    Instant startsAt,
    Instant endsAt,
    String createdBy,
    String comment) {

  /** Copies the matchers. */
  public Silence {
    matchers = List.copyOf(matchers);
  }

  /** Where a silence is in its life. */
  public enum State {
    /** Not started yet. */
    PENDING,
    /** Silencing. */
    ACTIVE,
    /** Over. */
    EXPIRED;

    /** The name in JSON. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Its state at {@code now}. */
  public State state(Instant now) {
    if (!now.isBefore(endsAt)) {
      return State.EXPIRED;
    }
    return now.isBefore(startsAt) ? State.PENDING : State.ACTIVE;
  }

  /** Whether it silences these labels at {@code now}. */
  public boolean silences(java.util.Map<String, String> labels, Instant now) {
    return state(now) == State.ACTIVE && Matcher.all(matchers, labels);
  }

  /** This silence ended at {@code at}. */
  public Silence expired(Instant at) {
    return new Silence(id, matchers, startsAt.isAfter(at) ? at : startsAt, at, createdBy, comment);
  }
}
