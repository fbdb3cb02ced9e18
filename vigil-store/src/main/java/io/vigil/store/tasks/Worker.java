package io.vigil.store.tasks;

/** A running task consumer; {@link #close()} stops it. */
public interface Worker extends AutoCloseable {

  /** The worker's id, as stored with the tasks it runs. */
  String id();

  /** Live counters. */
  WorkerStats stats();

  /**
   * Stops claiming, waits up to {@link WorkerSettings#closeTimeout()} for running tasks, then puts
   * the ones still running back on the queue (their attempt not counted); idempotent.
   */
  @Override
  void close();
}
