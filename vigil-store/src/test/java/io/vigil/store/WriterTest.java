package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.CheckContext;
import io.vigil.core.HealthEvent;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import io.vigil.core.testing.RecordingListener;
import io.vigil.store.testing.Checks;
import io.vigil.store.testing.Rows;
import io.vigil.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WriterTest {

  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker();

  @ParameterizedTest
  @EnumSource(Engine.class)
  void recordsEveryTransitionAndRollsRunsUpPerMinute(Engine engine) {
    try (TestDatabase db = TestDatabase.create(engine, dir);
        Store store =
            Store.open(db.builder().flushInterval(Duration.ofMillis(20)).build(), ticker);
        Monitor monitor = Monitor.builder().ticker(ticker).build()) {
      RecordingListener events = new RecordingListener();
      monitor.subscribe(events);
      store.attach(monitor);
      Checks.Scripted check = new Checks.Scripted(ticker);
      for (Status s : List.of(Status.OK, Status.CRITICAL, Status.CRITICAL, Status.OK)) {
        check.next(s, Duration.ofMillis(10));
      }
      monitor.register(Checks.manual("db", 2), check);
      monitor.start();
      for (int i = 0; i < 4; i++) {
        monitor.runNow("db").join();
      }
      await().until(() -> events.events(HealthEvent.RunCompleted.class).size() == 4);
      ticker.advance(Duration.ofMinutes(1));
      List<String> expected =
          events.events(HealthEvent.StateChanged.class).stream()
              .map(e -> e.to() + " " + e.toType())
              .toList();
      assertThat(expected).contains("CRITICAL SOFT", "CRITICAL HARD", "OK HARD");

      await()
          .untilAsserted(
              () ->
                  assertThat(
                          Rows.column(
                              db,
                              "SELECT to_status || ' ' || to_type FROM check_transitions"
                                  + " WHERE check_name = 'db' ORDER BY id"))
                      .isEqualTo(expected));
      await()
          .untilAsserted(
              () ->
                  assertThat(
                          Rows.column(
                              db,
                              "SELECT ok_count || '/' || critical_count || '/' ||"
                                  + " CAST(latency_max_ms AS INTEGER) FROM check_rollups"))
                      .containsExactly("2/2/10"));
      assertThat(store.stats().written()).isEqualTo(expected.size() + 1L);
      assertThat(run(store).status()).isEqualTo(Status.OK);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void closeWritesTheRowsStillQueuedAndThePartialMinute(Engine engine) {
    try (TestDatabase db = TestDatabase.create(engine, dir)) {
      try (Store store =
              Store.open(db.builder().flushInterval(Duration.ofHours(1)).build(), ticker);
          Monitor monitor = Monitor.builder().ticker(ticker).build()) {
        RecordingListener events = new RecordingListener();
        monitor.subscribe(events);
        store.attach(monitor);
        monitor.register(
            Checks.manual("web", 1),
            new Checks.Scripted(ticker).next(Status.CRITICAL, Duration.ofMillis(5)));
        monitor.start();
        monitor.runNow("web").join();
        await().until(() -> events.events(HealthEvent.RunCompleted.class).size() == 1);
        monitor.stop();
      }
      assertThat(Rows.count(db, "SELECT count(*) FROM check_transitions")).isPositive();
      assertThat(Rows.count(db, "SELECT sum(critical_count) FROM check_rollups")).isEqualTo(1);
    }
  }

  static CheckContext context() {
    return io.vigil.core.testing.TestContext.standard();
  }

  static Result run(Store store) {
    try {
      return store.healthCheck().check(context());
    } catch (Exception e) {
      throw new AssertionError("the store check threw", e);
    }
  }
}
