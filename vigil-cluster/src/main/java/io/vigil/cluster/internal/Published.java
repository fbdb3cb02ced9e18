package io.vigil.cluster.internal;

import io.vigil.cluster.RoutingTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The routing table readers see, and the long polls waiting for a newer one. Reading takes no lock;
 * a poll's future is completed outside every lock, so its callbacks never run under one.
 */
final class Published {

  private final ReentrantLock lock = new ReentrantLock();
  private final List<Waiter> waiters = new ArrayList<>();
  private volatile RoutingTable table;
  private boolean closed;

  Published(RoutingTable initial) {
    this.table = initial;
  }

  RoutingTable table() {
    return table;
  }

  /** Shows {@code next} and answers the polls it satisfies. */
  void publish(RoutingTable next) {
    List<Waiter> done = new ArrayList<>();
    lock.lock();
    try {
      table = next;
      waiters.removeIf(w -> (w.afterEpoch < next.epoch() || w.future.isDone()) && done.add(w));
    } finally {
      lock.unlock();
    }
    done.forEach(w -> w.future.complete(next));
  }

  /** The first table above {@code afterEpoch}: at once if there is one, else when it comes. */
  CompletableFuture<RoutingTable> next(long afterEpoch) {
    lock.lock();
    try {
      if (table.epoch() > afterEpoch || closed) {
        return CompletableFuture.completedFuture(table);
      }
      waiters.removeIf(w -> w.future.isDone());
      Waiter waiter = new Waiter(afterEpoch, new CompletableFuture<>());
      waiters.add(waiter);
      return waiter.future;
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code timeout} for a table above {@code afterEpoch}; else the current one. */
  RoutingTable await(long afterEpoch, Duration timeout) throws InterruptedException {
    CompletableFuture<RoutingTable> next = next(afterEpoch);
    try {
      return next.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      next.cancel(false);
      return table;
    } catch (ExecutionException e) {
      return table; // never: the future is only ever completed with a table
    }
  }

  /** Answers every poll with the current table; later polls answer at once. */
  void close() {
    List<Waiter> left;
    lock.lock();
    try {
      closed = true;
      left = List.copyOf(waiters);
      waiters.clear();
    } finally {
      lock.unlock();
    }
    left.forEach(w -> w.future.complete(table));
  }

  private record Waiter(long afterEpoch, CompletableFuture<RoutingTable> future) {}
}
