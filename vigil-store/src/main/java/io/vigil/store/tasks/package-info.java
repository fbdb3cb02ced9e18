/**
 * The durable task queue (seed 002): {@link io.vigil.store.tasks.TaskQueue} enqueues tasks with an
 * optional idempotency key and reads them by id; {@link io.vigil.store.tasks.Worker}s claim them
 * ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL, the single writer on SQLite), send heartbeats, run
 * {@link io.vigil.store.tasks.TaskHandler}s with a timeout, retry with backoff and move tasks to
 * the dead letter after {@link io.vigil.store.tasks.TaskPolicy#maxAttempts()}.
 */
package io.vigil.store.tasks;
