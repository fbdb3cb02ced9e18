package io.vigil.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.testing.FakeTicker;
import io.vigil.store.Engine;
import io.vigil.store.Store;
import io.vigil.store.tasks.Task;
import io.vigil.store.tasks.TaskHandler;
import io.vigil.store.tasks.TaskPolicy;
import io.vigil.store.tasks.TaskQueue;
import io.vigil.store.tasks.TaskStatus;
import io.vigil.store.tasks.WorkerSettings;
import io.vigil.store.testing.Tasks;
import io.vigil.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * At least once: a task whose worker died (threads stopped with no cleanup, as by kill -9) or went
 * silent is taken over by another worker once its heartbeat is {@code deadAfter} old, and only one
 * completion is kept. Heartbeat age is measured on a fake clock; polls run in real time.
 */
class TakeoverTest {

  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker();
  private final CountDownLatch release = new CountDownLatch(1);

  private TaskHandler blocking(String answer) {
    return TaskHandler.of(
        "health_check",
        TaskPolicy.defaults().withTimeout(Duration.ofMinutes(5)),
        ctx -> {
          if (answer.equals("first")) {
            release.await();
          }
          return Tasks.report(answer);
        });
  }

  private Task awaitTask(TaskQueue q, long id, TaskStatus status) {
    await().until(() -> q.get(id).orElseThrow().status() == status);
    return q.get(id).orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aTaskHeldByAWorkerThatDiedIsRunAgainOnceItsHeartbeatIsTwentySecondsOld(Engine engine) {
    try (TestDatabase db = TestDatabase.create(engine, dir);
        Store store = Store.open(db.config(), ticker)) {
      TaskQueue q = store.tasks();
      long id = q.enqueue("health_check", Tasks.payload()).id();
      DefaultWorker first =
          (DefaultWorker) q.startWorker(List.of(blocking("first")), Tasks.fast("first"));
      assertThat(awaitTask(q, id, TaskStatus.RUNNING).worker()).contains("first");
      first.crash();

      DefaultWorker second =
          (DefaultWorker) q.startWorker(List.of(blocking("second")), Tasks.fast("second"));
      ticker.advance(Duration.ofSeconds(15));
      await()
          .during(Duration.ofMillis(200))
          .until(() -> q.get(id).orElseThrow().status() == TaskStatus.RUNNING);

      ticker.advance(Duration.ofSeconds(6));
      Task done = awaitTask(q, id, TaskStatus.SUCCEEDED);
      assertThat(done.worker()).contains("second");
      assertThat(done.attempts()).isEqualTo(2);
      assertThat(done.result()).contains(Tasks.report("second"));
      assertThat(done.error()).hasValueSatisfying(e -> assertThat(e).contains("first lost"));
      assertThat(second.stats().reaped()).isEqualTo(1);
      release.countDown();
    }
  }

  @Test
  void aSilentWorkerThatFinishesAfterBeingTakenOverIsRefused() {
    try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL, dir);
        Store store = Store.open(db.config(), ticker)) {
      TaskQueue q = store.tasks();
      long id = q.enqueue("health_check", Tasks.payload()).id();
      DefaultWorker slow =
          (DefaultWorker)
              q.startWorker(List.of(blocking("first")), Tasks.fast("slow").withConcurrency(1));
      awaitTask(q, id, TaskStatus.RUNNING);
      slow.stopHeartbeats();
      q.startWorker(List.of(blocking("second")), Tasks.fast("other"));
      ticker.advance(Duration.ofSeconds(21));
      awaitTask(q, id, TaskStatus.SUCCEEDED);

      release.countDown();
      await().until(() -> slow.stats().refused() == 1);
      Task kept = q.get(id).orElseThrow();
      assertThat(kept.worker()).contains("other");
      assertThat(kept.result()).contains(Tasks.report("second"));
    }
  }

  @Test
  void aTaskWhoseWorkersKeepDyingEndsInTheDeadLetterUnrun() {
    try (TestDatabase db = TestDatabase.create(Engine.SQLITE, dir);
        Store store = Store.open(db.config(), ticker)) {
      TaskQueue q = store.tasks();
      TaskHandler once =
          TaskHandler.of(
              "health_check",
              TaskPolicy.defaults().withMaxAttempts(2),
              ctx -> {
                release.await();
                return Tasks.report("never");
              });
      long id = q.enqueue("health_check", Tasks.payload()).id();
      for (int i = 1; i <= 2; i++) {
        DefaultWorker w = (DefaultWorker) q.startWorker(List.of(once), Tasks.fast("w" + i));
        int attempt = i;
        await().until(() -> q.get(id).orElseThrow().attempts() == attempt);
        w.crash();
        ticker.advance(Duration.ofSeconds(21));
      }
      q.startWorker(List.of(once), Tasks.fast("w3"));
      Task dead = awaitTask(q, id, TaskStatus.DEAD);
      assertThat(dead.attempts()).isEqualTo(2);
      assertThat(dead.error()).hasValueSatisfying(e -> assertThat(e).startsWith("gave up after 2"));
      release.countDown();
    }
  }

  @Test
  void defaultSettingsTakeOverWithinThirtySeconds() {
    WorkerSettings d = WorkerSettings.defaults();
    assertThat(d.deadAfter().plus(d.heartbeatInterval()).plus(d.pollInterval()))
        .isLessThanOrEqualTo(Duration.ofSeconds(30));
  }
}
