package io.vigil.core.internal;

import io.vigil.core.History;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last N results of one check, oldest first, kept compact: the status, latency and finish time
 * of every run as primitives, and the message only where it says something the status does not (a
 * failure, or a change of status; an equal message is shared, not copied). Details stay with the
 * check's last result. About 17 bytes a run, so 1,000 runs cost some 17 KB per check instead of the
 * ~400 KB of full results. Grows on demand up to its capacity so a check that has run little costs
 * little. Thread-safe: the engine adds, readers query.
 */
final class HistoryRing {

  private static final int INITIAL = 8;
  private static final Status[] STATUSES = Status.values();
  // Shared while a ring is empty: a registered check that has not run costs no arrays.
  private static final byte[] NO_STATUSES = {};
  private static final int[] NO_INTS = {};
  private static final long[] NO_LONGS = {};
  private static final String[] NO_STRINGS = {};

  private final ReentrantLock lock = new ReentrantLock();
  private final int capacity;
  private byte[] statuses = NO_STATUSES;
  private int[] latencyMicros = NO_INTS;
  private long[] finishedMicros = NO_LONGS;
  private String[] messages = NO_STRINGS;
  private int next;
  private int size;

  HistoryRing(int capacity) {
    this.capacity = capacity;
  }

  void add(Result result) {
    lock.lock();
    try {
      if (size == statuses.length && statuses.length < capacity) {
        grow();
      }
      if (statuses.length == 0) {
        return; // a capacity of 0 keeps nothing
      }
      int newest = (next - 1 + statuses.length) % statuses.length;
      Status before = size == 0 ? null : STATUSES[statuses[newest]];
      String previous = size == 0 ? null : messages[newest];
      statuses[next] = (byte) result.status().ordinal();
      latencyMicros[next] = (int) Math.min(Integer.MAX_VALUE, micros(result.latency()));
      finishedMicros[next] = micros(result.timestamp());
      messages[next] = message(result, before, previous);
      next = (next + 1) % statuses.length;
      if (size < statuses.length) {
        size++;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The message worth keeping: a failure's, or the one of a change of status. */
  private static String message(Result result, Status before, String previous) {
    if (result.status() == Status.OK && before == Status.OK) {
      return null;
    }
    return result.message().equals(previous) ? previous : result.message();
  }

  /** Results finished within {@code [from, to]}, oldest first, with counts per status. */
  History query(String check, Instant from, Instant to) {
    long lo = micros(from);
    long hi = micros(to);
    List<Result> found = new ArrayList<>();
    lock.lock();
    try {
      int start = (next - size + statuses.length) % Math.max(statuses.length, 1);
      for (int i = 0; i < size; i++) {
        int at = (start + i) % statuses.length;
        if (finishedMicros[at] >= lo && finishedMicros[at] <= hi) {
          found.add(result(at));
        }
      }
    } finally {
      lock.unlock();
    }
    Map<Status, Long> counts = new EnumMap<>(Status.class);
    for (Status s : STATUSES) {
      counts.put(s, 0L);
    }
    for (Result r : found) {
      counts.merge(r.status(), 1L, Long::sum);
    }
    return new History(check, found, counts);
  }

  private Result result(int at) {
    String message = messages[at] == null ? "" : messages[at];
    long finished = finishedMicros[at];
    return Result.of(STATUSES[statuses[at]], message)
        .stamped(
            Duration.ofNanos(latencyMicros[at] * 1000L),
            Instant.ofEpochSecond(
                Math.floorDiv(finished, 1_000_000), Math.floorMod(finished, 1_000_000) * 1000L));
  }

  private void grow() {
    int length = Math.min(capacity, Math.max(INITIAL, statuses.length * 2));
    byte[] s = new byte[length];
    int[] l = new int[length];
    long[] f = new long[length];
    String[] m = new String[length];
    // Full ring: the oldest entry is at next.
    for (int i = 0; i < size; i++) {
      int from = (next + i) % statuses.length;
      s[i] = statuses[from];
      l[i] = latencyMicros[from];
      f[i] = finishedMicros[from];
      m[i] = messages[from];
    }
    statuses = s;
    latencyMicros = l;
    finishedMicros = f;
    messages = m;
    next = size % length;
  }

  private static long micros(Duration d) {
    try {
      return Math.max(0, d.toNanos() / 1000);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Microseconds since the epoch, saturated for instants beyond the range of a long. */
  private static long micros(Instant t) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    } catch (ArithmeticException e) {
      return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
