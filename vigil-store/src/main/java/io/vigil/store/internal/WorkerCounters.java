package io.vigil.store.internal;

import io.vigil.store.tasks.WorkerStats;
import java.util.concurrent.atomic.AtomicLong;

/** A worker's live counters. */
final class WorkerCounters {
  final AtomicLong claimed = new AtomicLong();
  final AtomicLong succeeded = new AtomicLong();
  final AtomicLong retried = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong dead = new AtomicLong();
  final AtomicLong timedOut = new AtomicLong();
  final AtomicLong reaped = new AtomicLong();
  final AtomicLong refused = new AtomicLong();

  WorkerStats snapshot() {
    return new WorkerStats(
        claimed.get(),
        succeeded.get(),
        retried.get(),
        failed.get(),
        dead.get(),
        timedOut.get(),
        reaped.get(),
        refused.get());
  }
}
