package io.vigil.store.tasks;

/**
 * The answer to an enqueue.
 *
 * @param id the task's id
 * @param created false when a task with the same idempotency key was already on the queue (its id
 *     is returned and nothing new is queued)
 */
public record Enqueued(long id, boolean created) {}
