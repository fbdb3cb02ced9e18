package io.vigil.alerts.internal;

import io.vigil.alerts.Alert;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sink's rate limit: at most {@code perMinute} notifications in any minute (a sliding window on
 * monotonic time). What does not fit is held, counted, and sent as one summary when the window has
 * room again. Not thread-safe: the engine holds its lock.
 */
final class RateLimit {

  private static final long MINUTE = 60_000_000_000L;

  private final int perMinute;
  private final Deque<Long> sent = new ArrayDeque<>();
  private final Map<String, Alert> held = new LinkedHashMap<>();
  private int heldCount;
  private long suppressedTotal;

  RateLimit(int perMinute) {
    this.perMinute = perMinute;
  }

  /** Takes a slot now, if the window has one. */
  boolean tryAcquire(long nanos) {
    while (!sent.isEmpty() && nanos - sent.peekFirst() >= MINUTE) {
      sent.pollFirst();
    }
    if (sent.size() >= perMinute) {
      return false;
    }
    sent.addLast(nanos);
    return true;
  }

  /** Holds back a notification's alerts (the latest version of each alert wins). */
  void hold(List<Alert> alerts) {
    alerts.forEach(a -> held.put(a.fingerprint(), a));
    heldCount++;
    suppressedTotal++;
  }

  /** Whether notifications are held. */
  boolean holding() {
    return heldCount > 0;
  }

  /** How many notifications were held and the alerts they carried; clears them. */
  Map.Entry<Integer, List<Alert>> release() {
    Map.Entry<Integer, List<Alert>> out = Map.entry(heldCount, List.copyOf(held.values()));
    held.clear();
    heldCount = 0;
    return out;
  }

  /** Notifications held back so far, in total. */
  long suppressedTotal() {
    return suppressedTotal;
  }
}
