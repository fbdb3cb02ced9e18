package io.vigil.store.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Runs one type of task. A worker claims only the types it has handlers for. The handler runs on a
 * virtual thread and is interrupted at its {@link TaskPolicy#timeout()}; it should be idempotent,
 * since delivery is at least once (a worker that dies mid-task has its task run again).
 *
 * <p>Throwing fails the attempt: it is retried with backoff until {@link TaskPolicy#maxAttempts()}
 * and then dead; {@link PermanentTaskFailure} fails the task at once.
 */
public interface TaskHandler {

  /** The type of task handled, e.g. {@code health_check}. */
  String type();

  /** How tasks of this type are run (default {@link TaskPolicy#defaults()}). */
  default TaskPolicy policy() {
    return TaskPolicy.defaults();
  }

  /**
   * Runs one attempt.
   *
   * @return the result, stored with the task (a JSON value)
   * @throws Exception any failure, retried unless it is a {@link PermanentTaskFailure}
   */
  JsonNode handle(TaskContext ctx) throws Exception;

  /** The body of a handler, for {@link #of}. */
  @FunctionalInterface
  interface Body {
    /** Runs one attempt. */
    JsonNode handle(TaskContext ctx) throws Exception;
  }

  /** A handler of the type with the policy and body. */
  static TaskHandler of(String type, TaskPolicy policy, Body body) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(body, "body");
    return new TaskHandler() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public TaskPolicy policy() {
        return policy;
      }

      @Override
      public JsonNode handle(TaskContext ctx) throws Exception {
        return body.handle(ctx);
      }
    };
  }
}
