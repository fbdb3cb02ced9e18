package io.vigil.alerts.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Runs a task every period, and at once when woken; on one daemon thread. */
final class Ticking implements AutoCloseable {

  private final Duration period;
  private final Runnable task;
  private final Semaphore wake = new Semaphore(0);
  private final Thread thread;
  private volatile boolean closed;

  Ticking(Duration period, Runnable task) {
    this.period = period;
    this.task = task;
    this.thread = Thread.ofPlatform().daemon().name("vigil-alerts").unstarted(this::loop);
  }

  void start() {
    thread.start();
  }

  void wake() {
    wake.release();
  }

  private void loop() {
    while (!closed) {
      task.run();
      try {
        if (wake.tryAcquire(period.toMillis(), TimeUnit.MILLISECONDS)) {
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
