package io.vigil.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.store.tasks.Task;
import io.vigil.store.tasks.TaskContext;
import io.vigil.store.tasks.TaskHandler;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one attempt of a task on its own virtual thread, bounded by the handler's timeout. */
final class TaskAttempt {

  /** How an attempt ended. */
  sealed interface Outcome {
    /** The handler returned a result. */
    record Succeeded(JsonNode result) implements Outcome {}

    /** The handler threw. */
    record Threw(Throwable error) implements Outcome {}

    /** The handler ran past its timeout and was interrupted. */
    record TimedOut(Duration timeout) implements Outcome {}
  }

  private TaskAttempt() {}

  /**
   * Runs the handler and waits for it up to its timeout.
   *
   * @throws InterruptedException when the waiting thread is interrupted (worker crash or close)
   */
  static Outcome run(TaskHandler handler, Task task) throws InterruptedException {
    Duration timeout = handler.policy().timeout();
    long deadline = System.nanoTime() + timeout.toNanos();
    TaskContext ctx = context(task, deadline);
    FutureTask<JsonNode> future = new FutureTask<>(() -> handler.handle(ctx));
    Thread thread =
        Thread.ofVirtual().name("vigil-task-" + task.id() + "-" + task.attempts()).start(future);
    try {
      return new Outcome.Succeeded(future.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (ExecutionException e) {
      return new Outcome.Threw(e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      future.cancel(true);
      return new Outcome.TimedOut(timeout);
    } catch (InterruptedException e) {
      thread.interrupt();
      throw e;
    }
  }

  private static TaskContext context(Task task, long deadlineNanos) {
    return new TaskContext() {
      @Override
      public long taskId() {
        return task.id();
      }

      @Override
      public String type() {
        return task.type();
      }

      @Override
      public JsonNode payload() {
        return task.payload();
      }

      @Override
      public int attempt() {
        return task.attempts();
      }

      @Override
      public Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
      }
    };
  }
}
