package io.vigil.core.internal;

import io.vigil.core.History;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last N results of one check, oldest first. Grows on demand up to its capacity so a check that
 * has run little costs little. Thread-safe: the engine adds, readers query.
 */
final class HistoryRing {

  private static final int INITIAL = 8;

  private final ReentrantLock lock = new ReentrantLock();
  private final int capacity;
  private Result[] ring = new Result[0];
  private int next;
  private int size;

  HistoryRing(int capacity) {
    this.capacity = capacity;
  }

  void add(Result result) {
    lock.lock();
    try {
      if (size == ring.length && ring.length < capacity) {
        grow();
      }
      ring[next] = result;
      next = (next + 1) % ring.length;
      if (size < ring.length) {
        size++;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Results finished within {@code [from, to]}, oldest first, with counts per status. */
  History query(String check, Instant from, Instant to) {
    List<Result> found = new ArrayList<>();
    lock.lock();
    try {
      int start = (next - size + ring.length) % Math.max(ring.length, 1);
      for (int i = 0; i < size; i++) {
        Result r = ring[(start + i) % ring.length];
        if (!r.timestamp().isBefore(from) && !r.timestamp().isAfter(to)) {
          found.add(r);
        }
      }
    } finally {
      lock.unlock();
    }
    Map<Status, Long> counts = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      counts.put(s, 0L);
    }
    for (Result r : found) {
      counts.merge(r.status(), 1L, Long::sum);
    }
    return new History(check, found, counts);
  }

  private void grow() {
    int length = Math.min(capacity, Math.max(INITIAL, ring.length * 2));
    Result[] bigger = new Result[length];
    // Full ring: the oldest entry is at next.
    for (int i = 0; i < size; i++) {
      bigger[i] = ring[(next + i) % ring.length];
    }
    ring = bigger;
    next = size;
  }
}
