package io.vigil.core.internal;

import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/** One run of a check: from start to its result, its timeout, or its abandonment. */
final class Run {

  final CheckEntry entry;
  final CheckSpec spec;
  final HealthCheck check;
  final long startNanos;
  final long deadlineNanos;
  final CompletableFuture<Result> future = new CompletableFuture<>();

  /** Counted down when the body has returned or thrown. */
  final CountDownLatch ended = new CountDownLatch(1);

  /** The run's deadline in the scheduler; engine lock. */
  Timer deadlineTimer;

  /** Guards {@link #thread} so an interrupt never reaches a thread that moved on. */
  private final ReentrantLock threadLock = new ReentrantLock();

  private Thread thread;

  /** The body returned (or threw); written by the run's thread. */
  volatile boolean bodyDone;

  /** A result was recorded for this run (its own, a timeout, or a cancellation); engine lock. */
  volatile boolean recorded;

  Run(CheckEntry entry, long startNanos, long deadlineNanos) {
    this.entry = entry;
    this.spec = entry.spec;
    this.check = entry.check;
    this.startNanos = startNanos;
    this.deadlineNanos = deadlineNanos;
  }

  void attach(Thread current) {
    threadLock.lock();
    try {
      thread = current;
      if (recorded) {
        current.interrupt(); // cancelled before it started: stop as soon as it looks
      }
    } finally {
      threadLock.unlock();
    }
  }

  void detach() {
    threadLock.lock();
    try {
      thread = null;
      bodyDone = true;
      Thread.interrupted(); // an interrupt that raced the end of the body must not leak
    } finally {
      threadLock.unlock();
    }
    ended.countDown();
  }

  void interrupt() {
    threadLock.lock();
    try {
      if (thread != null) {
        thread.interrupt();
      }
    } finally {
      threadLock.unlock();
    }
  }
}
