package io.vigil.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** The global cap: at most so many recovery actions per minute over all checks. */
final class ActionCap {

  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final int perMinute;
  private final Deque<Instant> recent = new ArrayDeque<>();

  ActionCap(int perMinute) {
    this.perMinute = perMinute;
  }

  /** The cap's limit. */
  int perMinute() {
    return perMinute;
  }

  /** When the cap is reached: the time a slot frees up. */
  Optional<Instant> fullUntil(Instant now) {
    while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
      recent.pollFirst();
    }
    return recent.size() >= perMinute
        ? Optional.of(recent.peekFirst().plus(WINDOW))
        : Optional.empty();
  }

  /** Counts an action started {@code now}. */
  void record(Instant now) {
    recent.addLast(now);
  }
}
