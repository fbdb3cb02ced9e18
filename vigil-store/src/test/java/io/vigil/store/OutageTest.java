package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.HealthEvent;
import io.vigil.core.Monitor;
import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import io.vigil.core.testing.RecordingListener;
import io.vigil.store.testing.Checks;
import io.vigil.store.testing.Rows;
import io.vigil.store.testing.TcpProxy;
import io.vigil.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL made unreachable through a proxy the test owns (the shared server is never touched):
 * the engine keeps running, the queue drops oldest first, the store check goes WARNING then
 * CRITICAL, and writes resume when the database is back.
 */
class OutageTest {

  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker();

  @Test
  void whenPostgresIsUnreachable_engineRuns_queueDropsOldest_checkWarnsThenCritical_andResumes() {
    int runs = 60;
    try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL, dir);
        TcpProxy proxy = new TcpProxy(TestDatabase.PG_PORT);
        Store store =
            Store.open(
                db.builder(db.urlOnPort(proxy.port()))
                    .queueCapacity(20)
                    .batchSize(5)
                    .flushInterval(Duration.ofMillis(20))
                    .connectTimeout(Duration.ofMillis(500))
                    .criticalAfter(Duration.ofSeconds(60))
                    .build(),
                ticker);
        Monitor monitor = Monitor.builder().ticker(ticker).build()) {
      RecordingListener events = new RecordingListener();
      monitor.subscribe(events);
      store.attach(monitor);
      Checks.Scripted check = new Checks.Scripted(ticker);
      for (int i = 0; i < runs; i++) {
        check.next(i % 2 == 0 ? Status.CRITICAL : Status.OK, Duration.ofMillis(1));
      }
      monitor.register(Checks.manual("api", 1), check);
      monitor.start();
      assertThat(WriterTest.run(store).status()).isEqualTo(Status.OK);

      proxy.stop();
      long started = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        monitor.runNow("api").join();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      await().until(() -> events.events(HealthEvent.RunCompleted.class).size() == runs);
      await().until(() -> store.stats().failingFor().isPresent() && store.stats().dropped() > 0);
      assertThat(WriterTest.run(store).status()).isEqualTo(Status.WARNING);
      assertThat(monitor.snapshot().check("api")).isPresent();

      ticker.advance(Duration.ofSeconds(61));
      assertThat(WriterTest.run(store).status()).isEqualTo(Status.CRITICAL);
      assertThat(WriterTest.run(store).details())
          .containsKey("last_error")
          .doesNotContainValue("hunter2");

      proxy.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> store.stats().failingFor().isEmpty() && store.stats().queueDepth() == 0);
      long last = events.events(HealthEvent.StateChanged.class).getLast().at().toEpochMilli();
      assertThat(Rows.count(db, "SELECT max(at_ms) FROM check_transitions")).isEqualTo(last);
      long stored = Rows.count(db, "SELECT count(*) FROM check_transitions");
      assertThat(stored).isLessThan(runs).isPositive();
      WriterTest.run(store);
      assertThat(WriterTest.run(store).status()).isEqualTo(Status.OK);
    }
  }
}
