package io.vigil.store.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.testing.FakeTicker;
import io.vigil.store.Engine;
import io.vigil.store.Store;
import io.vigil.store.testing.Rows;
import io.vigil.store.testing.Tasks;
import io.vigil.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskQueueTest {

  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker();

  private TaskStatus statusOf(TaskQueue q, long id) {
    return q.get(id).orElseThrow().status();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void anEnqueuedHealthCheckIsRunByAWorkerAndItsReportReadById(Engine engine) {
    try (TestDatabase db = TestDatabase.create(engine, dir);
        Store store = Store.open(db.config(), ticker)) {
      TaskQueue q = store.tasks();
      assertThat(q.name()).isEqualTo("maintenance_tasks");
      Enqueued e = q.enqueue("health_check", Tasks.payload());
      assertThat(e.created()).isTrue();
      Task queued = q.get(e.id()).orElseThrow();
      assertThat(queued.status()).isEqualTo(TaskStatus.QUEUED);
      assertThat(queued.attempts()).isZero();
      assertThat(q.depth()).isEqualTo(1);

      q.startWorker(List.of(Tasks.healthCheck()), Tasks.fast("w1"));
      await().until(() -> statusOf(q, e.id()) == TaskStatus.SUCCEEDED);
      Task done = q.get(e.id()).orElseThrow();
      assertThat(done.result()).contains(Tasks.report("healthy"));
      assertThat(done.attempts()).isEqualTo(1);
      assertThat(done.worker()).contains("w1");
      assertThat(done.startedAt()).isPresent();
      assertThat(done.finishedAt()).isPresent();
      assertThat(q.depth()).isZero();
      assertThat(store.tasks("other").get(e.id())).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void theSameIdempotencyKeyAnswersTheSameTaskOnItsQueue(Engine engine) {
    try (TestDatabase db = TestDatabase.create(engine, dir);
        Store store = Store.open(db.config(), ticker)) {
      Enqueued first = store.tasks().enqueue("health_check", Tasks.payload(), "k-1");
      Enqueued again = store.tasks().enqueue("health_check", Tasks.payload(), "k-1");
      Enqueued elsewhere = store.tasks("other").enqueue("health_check", Tasks.payload(), "k-1");
      assertThat(first.created()).isTrue();
      assertThat(again).isEqualTo(new Enqueued(first.id(), false));
      assertThat(elsewhere.created()).isTrue();
      assertThat(elsewhere.id()).isNotEqualTo(first.id());
      assertThat(Rows.count(db, "SELECT count(*) FROM tasks")).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void finishedTasksAreKeptForTheirRetentionThenDeleted_queuedOnesStay(Engine engine) {
    try (TestDatabase db = TestDatabase.create(engine, dir);
        Store store = Store.open(db.config(), ticker)) {
      TaskQueue q = store.tasks();
      long done = q.enqueue("health_check", Tasks.payload()).id();
      Worker worker = q.startWorker(List.of(Tasks.healthCheck()), Tasks.fast("w"));
      await().until(() -> statusOf(q, done) == TaskStatus.SUCCEEDED);
      worker.close();
      long waiting = q.enqueue("health_check", Tasks.payload()).id();

      ticker.advance(Duration.ofDays(7).minusSeconds(1));
      assertThat(store.maintain().tasksDeleted()).isZero();
      ticker.advance(Duration.ofSeconds(2));
      assertThat(store.maintain().tasksDeleted()).isEqualTo(1);
      assertThat(q.get(done)).isEmpty();
      assertThat(q.get(waiting)).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void twoWorkersRunEachOfManyTasksOnce(Engine engine) {
    Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
    TaskHandler counting =
        TaskHandler.of(
            "count",
            TaskPolicy.defaults(),
            ctx -> {
              runs.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet();
              return Tasks.JSON.getNodeFactory().numberNode(ctx.taskId());
            });
    try (TestDatabase db = TestDatabase.create(engine, dir);
        Store store = Store.open(db.config(), ticker)) {
      TaskQueue q = store.tasks();
      for (int i = 0; i < 60; i++) {
        q.enqueue("count", Tasks.payload());
      }
      q.startWorker(List.of(counting), Tasks.fast("a").withConcurrency(4));
      q.startWorker(List.of(counting), Tasks.fast("b").withConcurrency(4));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> q.list(TaskStatus.SUCCEEDED, 100).size() == 60);
      assertThat(runs).hasSize(60).allSatisfy((id, n) -> assertThat(n.get()).isEqualTo(1));
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aTaskEnqueuedInTheWorkersProcessIsClaimedWithoutWaitingForThePoll(Engine engine) {
    try (TestDatabase db = TestDatabase.create(engine, dir);
        Store store = Store.open(db.config(), ticker)) {
      TaskQueue q = store.tasks();
      q.startWorker(
          List.of(Tasks.healthCheck()),
          Tasks.fast("w1")
              .withIntervals(Duration.ofMinutes(1), Duration.ofMillis(25), Duration.ofMinutes(2)));
      // Time for the first poll to find the queue empty: the worker then waits a minute.
      await().pollDelay(Duration.ofMillis(200)).until(() -> true);
      Enqueued e = q.enqueue("health_check", Tasks.payload());
      await()
          .alias("claimed well before the next poll, a minute away")
          .atMost(Duration.ofSeconds(30))
          .until(() -> statusOf(q, e.id()) == TaskStatus.SUCCEEDED);
    }
  }
}
