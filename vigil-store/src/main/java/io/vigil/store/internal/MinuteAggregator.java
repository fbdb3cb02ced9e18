package io.vigil.store.internal;

import io.vigil.core.Status;
import io.vigil.store.Resolution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Folds finished runs into per-check per-minute buckets in memory; a bucket becomes a row once its
 * minute has passed. Fed by the listener thread, drained by the writer thread.
 */
final class MinuteAggregator {

  private record Key(String check, long minuteMs) {}

  private static final long MINUTE_MS = 60_000;

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Key, RollupBuilder> open = new LinkedHashMap<>();

  void add(String check, Status status, double latencyMs, Instant at) {
    long minute = Math.floorDiv(at.toEpochMilli(), MINUTE_MS) * MINUTE_MS;
    lock.lock();
    try {
      open.computeIfAbsent(
              new Key(check, minute),
              k -> new RollupBuilder(check, Resolution.MINUTE, Instant.ofEpochMilli(minute)))
          .addRun(status, latencyMs);
    } finally {
      lock.unlock();
    }
  }

  /** Rows of the minutes that ended at or before {@code now}. */
  List<Row> drainClosed(Instant now) {
    return drain(now.toEpochMilli());
  }

  /** Rows of every minute, the current one included (on flush and close). */
  List<Row> drainAll() {
    return drain(Long.MAX_VALUE);
  }

  int openBuckets() {
    lock.lock();
    try {
      return open.size();
    } finally {
      lock.unlock();
    }
  }

  private List<Row> drain(long nowMs) {
    List<Row> rows = new ArrayList<>();
    lock.lock();
    try {
      Iterator<Map.Entry<Key, RollupBuilder>> it = open.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Key, RollupBuilder> e = it.next();
        if (nowMs == Long.MAX_VALUE || e.getKey().minuteMs() + MINUTE_MS <= nowMs) {
          rows.add(new Row.RollupRow(e.getValue().build(), e.getValue().histogram()));
          it.remove();
        }
      }
    } finally {
      lock.unlock();
    }
    return rows;
  }
}
