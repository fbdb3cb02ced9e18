package io.vigil.store.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A durable queue of tasks in the store, shared by every agent and worker on the same database.
 * Delivery is at least once: a task whose worker dies is run again after {@link
 * WorkerSettings#deadAfter()}; handlers should be idempotent.
 *
 * <pre>{@code
 * TaskQueue tasks = store.tasks();
 * long id = tasks.enqueue("health_check", json.createObjectNode()).id();
 * Worker worker = tasks.startWorker(List.of(healthCheckHandler), WorkerSettings.defaults());
 * tasks.get(id).map(Task::status); // queued, running, succeeded, failed or dead
 * }</pre>
 */
public interface TaskQueue {

  /** The queue of seed 002's maintenance tasks, the default. */
  String DEFAULT_QUEUE = "maintenance_tasks";

  /** The queue's name. */
  String name();

  /**
   * Queues a task.
   *
   * @param payload the handler's input (a JSON object)
   * @throws io.vigil.store.StoreException when the database cannot be written
   */
  Enqueued enqueue(String type, JsonNode payload);

  /**
   * Queues a task unless one with the same key is on this queue (kept until its retention ends);
   * then answers that task's id with {@code created=false}.
   */
  Enqueued enqueue(String type, JsonNode payload, String idempotencyKey);

  /** The task, if it exists (finished tasks are kept for {@code retention.tasks}). */
  Optional<Task> get(long id);

  /** Up to {@code limit} tasks in the status, oldest first (e.g. the dead letters). */
  List<Task> list(TaskStatus status, int limit);

  /** Tasks waiting to be claimed (queued, due or not). */
  long depth();

  /** Starts a worker running tasks of the handlers' types from this queue. */
  Worker startWorker(List<TaskHandler> handlers, WorkerSettings settings);
}
