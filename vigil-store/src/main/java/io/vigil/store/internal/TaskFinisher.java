package io.vigil.store.internal;

import io.vigil.core.Secrets;
import io.vigil.core.Ticker;
import io.vigil.store.tasks.PermanentTaskFailure;
import io.vigil.store.tasks.Task;
import io.vigil.store.tasks.TaskPolicy;
import io.vigil.store.tasks.TaskStatus;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes how an attempt ended: succeeded, failed (permanent), queued again after a backoff, or dead
 * once the attempts are used up. Every write is fenced: it applies only while this worker still
 * holds this attempt, so a task taken over after a lost heartbeat is finished by one worker only.
 */
final class TaskFinisher {

  private static final Logger LOG = LoggerFactory.getLogger(TaskFinisher.class);
  private static final int LOGGED_RESULT_CHARS = 500;

  private final Database db;
  private final Ticker ticker;
  private final String worker;
  private final WorkerCounters counters;

  TaskFinisher(Database db, Ticker ticker, String worker, WorkerCounters counters) {
    this.db = db;
    this.ticker = ticker;
    this.worker = worker;
    this.counters = counters;
  }

  void finish(Task task, TaskPolicy policy, TaskAttempt.Outcome outcome, long nanos) {
    long now = ticker.wallTime().toEpochMilli();
    String previous = task.error().orElse(null);
    switch (outcome) {
      case TaskAttempt.Outcome.Succeeded s ->
          write(task, TaskStatus.SUCCEEDED, Json.write(s.result()), previous, now, now, 0, nanos);
      case TaskAttempt.Outcome.Threw t when t.error() instanceof PermanentTaskFailure ->
          write(task, TaskStatus.FAILED, null, describe(t.error()), now, now, 0, nanos);
      case TaskAttempt.Outcome.Threw t -> failedAttempt(task, policy, describe(t.error()), nanos);
      case TaskAttempt.Outcome.TimedOut o -> {
        counters.timedOut.incrementAndGet();
        failedAttempt(task, policy, "timed out after " + o.timeout().toMillis() + "ms", nanos);
      }
    }
  }

  private void failedAttempt(Task task, TaskPolicy policy, String error, long nanos) {
    long now = ticker.wallTime().toEpochMilli();
    if (task.attempts() >= policy.maxAttempts()) {
      write(task, TaskStatus.DEAD, null, deadMessage(task.attempts(), error), now, now, 0, nanos);
    } else {
      long retryAt = now + policy.backoff(task.attempts()).toMillis();
      write(task, TaskStatus.QUEUED, null, error, null, retryAt, 0, nanos);
    }
  }

  /** A task claimed with its attempts already used up (its workers were lost): dead, unrun. */
  void deadBeforeRun(Task task, TaskPolicy policy) {
    long now = ticker.wallTime().toEpochMilli();
    String last = task.error().orElse("no error recorded");
    write(task, TaskStatus.DEAD, null, deadMessage(policy.maxAttempts(), last), now, now, 1, 0);
  }

  private static String deadMessage(int attempts, String last) {
    return "gave up after " + attempts + " attempts; last: " + last;
  }

  private void write(
      Task task,
      TaskStatus status,
      String result,
      String error,
      Long finishedMs,
      long runAtMs,
      int refund,
      long nanos) {
    long now = ticker.wallTime().toEpochMilli();
    int updated;
    try {
      updated =
          db.write(
              c -> {
                try (PreparedStatement ps = c.prepareStatement(TaskSql.FINISH)) {
                  TaskSql.bind(
                      ps,
                      status.id(),
                      result,
                      error == null ? null : Secrets.maskText(error),
                      finishedMs,
                      now,
                      runAtMs,
                      refund,
                      task.id(),
                      worker,
                      task.attempts());
                  return ps.executeUpdate();
                }
              });
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "event=task_finish_failed task={} worker={} error=\"{}\"",
          task.id(),
          worker,
          Secrets.maskText(String.valueOf(e.getMessage())));
      return; // the heartbeat stops with the attempt: the task is taken over after deadAfter
    }
    if (updated == 0) {
      counters.refused.incrementAndGet();
      LOG.warn(
          "event=task_completion_refused task={} worker={} attempt={} reason=taken_over",
          task.id(),
          worker,
          task.attempts());
      return;
    }
    count(status);
    log(task, status, result, error, nanos);
  }

  private void count(TaskStatus status) {
    (switch (status) {
          case SUCCEEDED -> counters.succeeded;
          case FAILED -> counters.failed;
          case DEAD -> counters.dead;
          case QUEUED, RUNNING -> counters.retried;
        })
        .incrementAndGet();
  }

  private void log(Task task, TaskStatus status, String result, String error, long nanos) {
    String outcome = status == TaskStatus.QUEUED ? "retry" : status.id();
    String detail =
        result != null
            ? "result=" + Secrets.maskText(truncate(result))
            : "error=\"" + Secrets.maskText(String.valueOf(error)) + "\"";
    LOG.info(
        "event=task_finished task={} queue={} type={} outcome={} attempt={} duration_ms={} worker={}"
            + " {}",
        task.id(),
        task.queue(),
        task.type(),
        outcome,
        task.attempts(),
        Duration.ofNanos(nanos).toMillis(),
        worker,
        detail);
  }

  /** Puts this worker's running tasks back on the queue, their attempt not counted (on close). */
  void releaseAll(String queue) {
    long now = ticker.wallTime().toEpochMilli();
    try {
      int released =
          db.write(
              c -> {
                try (PreparedStatement ps = c.prepareStatement(TaskSql.RELEASE)) {
                  TaskSql.bind(ps, now, now, worker);
                  return ps.executeUpdate();
                }
              });
      if (released > 0) {
        LOG.info("event=tasks_released worker={} queue={} tasks={}", worker, queue, released);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("event=tasks_release_failed worker={} error=\"{}\"", worker, e.getMessage());
    }
  }

  private static String describe(Throwable e) {
    String name = e.getClass().getSimpleName();
    return e.getMessage() == null ? name : name + ": " + e.getMessage();
  }

  private static String truncate(String s) {
    return s.length() <= LOGGED_RESULT_CHARS ? s : s.substring(0, LOGGED_RESULT_CHARS) + "...";
  }
}
