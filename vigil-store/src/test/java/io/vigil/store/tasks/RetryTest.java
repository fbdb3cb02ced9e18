package io.vigil.store.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.testing.FakeTicker;
import io.vigil.store.Engine;
import io.vigil.store.Store;
import io.vigil.store.testing.Tasks;
import io.vigil.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries, backoff, dead letter, permanent failures and timeouts (SQLite; the SQL is shared). */
class RetryTest {

  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker();
  private TestDatabase db;
  private Store store;
  private TaskQueue q;

  @BeforeEach
  void open() {
    db = TestDatabase.create(Engine.SQLITE, dir);
    store = Store.open(db.config(), ticker);
    q = store.tasks();
  }

  @AfterEach
  void close() {
    store.close();
    db.close();
  }

  private Task awaitStatus(long id, TaskStatus status) {
    await().until(() -> q.get(id).orElseThrow().status() == status);
    return q.get(id).orElseThrow();
  }

  private Task awaitAttempts(long id, int attempts, TaskStatus status) {
    await()
        .until(
            () -> {
              Task t = q.get(id).orElseThrow();
              return t.attempts() == attempts && t.status() == status;
            });
    return q.get(id).orElseThrow();
  }

  @Test
  void aFailedAttemptIsRetriedAfterAnExponentialBackoffOnTheClock() {
    AtomicInteger calls = new AtomicInteger();
    TaskPolicy policy =
        TaskPolicy.defaults().withBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1));
    TaskHandler flaky =
        TaskHandler.of(
            "flaky",
            policy,
            ctx -> {
              if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet " + ctx.attempt());
              }
              return Tasks.report("healthy");
            });
    long id = q.enqueue("flaky", Tasks.payload()).id();
    Worker worker = q.startWorker(List.of(flaky), Tasks.fast("w"));

    Task first = awaitAttempts(id, 1, TaskStatus.QUEUED);
    assertThat(first.error()).contains("IllegalStateException: not yet 1");
    assertThat(first.runAt()).isEqualTo(ticker.wallTime().plusSeconds(1));
    await().during(Duration.ofMillis(150)).until(() -> q.get(id).orElseThrow().attempts() == 1);

    ticker.advance(Duration.ofSeconds(1));
    Task second = awaitAttempts(id, 2, TaskStatus.QUEUED);
    assertThat(second.runAt()).isEqualTo(ticker.wallTime().plusSeconds(2));

    ticker.advance(Duration.ofSeconds(2));
    Task done = awaitStatus(id, TaskStatus.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(3);
    assertThat(done.error()).contains("IllegalStateException: not yet 2");
    assertThat(worker.stats().retried()).isEqualTo(2);
  }

  @Test
  void afterMaxAttemptsTheTaskGoesToTheDeadLetter() {
    TaskPolicy policy =
        TaskPolicy.defaults().withMaxAttempts(3).withBackoff(Duration.ZERO, Duration.ZERO);
    TaskHandler broken =
        TaskHandler.of(
            "broken",
            policy,
            ctx -> {
              throw new IllegalStateException("boom");
            });
    long id = q.enqueue("broken", Tasks.payload()).id();
    Worker worker = q.startWorker(List.of(broken), Tasks.fast("w"));
    Task dead = awaitStatus(id, TaskStatus.DEAD);
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.error())
        .contains("gave up after 3 attempts; last: IllegalStateException: boom");
    assertThat(dead.finishedAt()).isPresent();
    assertThat(q.list(TaskStatus.DEAD, 10)).extracting(Task::id).containsExactly(id);
    assertThat(worker.stats().dead()).isEqualTo(1);
  }

  @Test
  void aPermanentFailureIsNotRetried() {
    TaskHandler refusing =
        TaskHandler.of(
            "check",
            TaskPolicy.defaults(),
            ctx -> {
              throw new PermanentTaskFailure("no check named 'nope'");
            });
    long id = q.enqueue("check", Tasks.payload()).id();
    q.startWorker(List.of(refusing), Tasks.fast("w"));
    Task failed = awaitStatus(id, TaskStatus.FAILED);
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.error()).contains("PermanentTaskFailure: no check named 'nope'");
  }

  @Test
  void anAttemptPastItsTimeoutIsInterruptedAndRetried() {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger interrupted = new AtomicInteger();
    TaskPolicy policy =
        TaskPolicy.defaults()
            .withTimeout(Duration.ofMillis(200))
            .withBackoff(Duration.ZERO, Duration.ZERO);
    TaskHandler slowOnce =
        TaskHandler.of(
            "health_check",
            policy,
            ctx -> {
              if (calls.incrementAndGet() == 1) {
                try {
                  Thread.sleep(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                  interrupted.incrementAndGet();
                  throw e;
                }
              }
              return Tasks.report("healthy");
            });
    long id = q.enqueue("health_check", Tasks.payload()).id();
    Worker worker = q.startWorker(List.of(slowOnce), Tasks.fast("w"));
    Task done = awaitStatus(id, TaskStatus.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.error()).contains("timed out after 200ms");
    assertThat(worker.stats().timedOut()).isEqualTo(1);
    await().until(() -> interrupted.get() == 1);
  }

  @Test
  void closingAWorkerPutsItsRunningTasksBackWithoutCountingTheAttempt() {
    TaskHandler stuck =
        TaskHandler.of(
            "stuck",
            TaskPolicy.defaults().withTimeout(Duration.ofMinutes(5)),
            ctx -> {
              Thread.sleep(Duration.ofMinutes(5));
              return Tasks.report("never");
            });
    long id = q.enqueue("stuck", Tasks.payload()).id();
    Worker worker =
        q.startWorker(List.of(stuck), Tasks.fast("w").withCloseTimeout(Duration.ofMillis(100)));
    awaitStatus(id, TaskStatus.RUNNING);
    worker.close();
    Task back = q.get(id).orElseThrow();
    assertThat(back.status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(back.attempts()).isZero();
  }
}
