package io.vigil.store.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the listener and the writer. {@link #offer} never blocks: when the
 * queue is full the oldest row is dropped and counted. The lock is held only to move references.
 */
final class WriteQueue {

  private final int capacity;
  private final ArrayDeque<Row> rows = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final int readyAt;
  private long dropped;
  private int inFlight;
  private boolean woken;

  WriteQueue(int capacity, int readyAt) {
    this.capacity = capacity;
    this.readyAt = Math.max(1, Math.min(readyAt, capacity));
  }

  /** Adds a row at the tail, dropping the oldest when full. */
  void offer(Row row) {
    lock.lock();
    try {
      if (rows.size() >= capacity) {
        rows.pollFirst();
        dropped++;
      }
      rows.addLast(row);
      if (rows.size() >= readyAt) {
        ready.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  void offerAll(List<Row> more) {
    for (Row row : more) {
      offer(row);
    }
  }

  /**
   * Puts rows whose write failed back at the head, in their order, so they are retried first; when
   * that overflows the queue the oldest rows go.
   */
  void pushBack(List<Row> failed) {
    lock.lock();
    try {
      inFlight = 0;
      for (int i = failed.size() - 1; i >= 0; i--) {
        rows.addFirst(failed.get(i));
      }
      while (rows.size() > capacity) {
        rows.pollFirst();
        dropped++;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes up to {@code max} rows from the head. They count in {@link #size()} until {@link
   * #written()} or {@link #pushBack} says how their write ended.
   */
  List<Row> drain(int max) {
    lock.lock();
    try {
      List<Row> out = new ArrayList<>(Math.min(max, rows.size()));
      while (out.size() < max && !rows.isEmpty()) {
        out.add(rows.pollFirst());
      }
      inFlight = out.size();
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** The rows of the last {@link #drain} are stored. */
  void written() {
    lock.lock();
    try {
      inFlight = 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a batch is ready, {@link #wake()} is called (or was, since the last wait), or the
   * timeout passes.
   */
  void await(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      if (rows.size() < readyAt && !woken) {
        ready.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
      }
      woken = false;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes the writer (flush, close, a recovery state to write); not lost while it is busy. */
  void wake() {
    lock.lock();
    try {
      woken = true;
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Rows not yet stored: queued, and taken by a write that has not ended. */
  int size() {
    lock.lock();
    try {
      return rows.size() + inFlight;
    } finally {
      lock.unlock();
    }
  }

  int capacity() {
    return capacity;
  }

  long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }
}
