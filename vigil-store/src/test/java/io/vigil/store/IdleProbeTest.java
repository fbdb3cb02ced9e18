package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.store.testing.TcpProxy;
import io.vigil.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store with nothing to write still notices an outage: its writer probes the database while idle,
 * so the {@code store} check turns CRITICAL within {@code criticalAfter} of the first failed probe,
 * and OK again once the database answers.
 */
class IdleProbeTest {

  @TempDir Path dir;

  private static Result check(Store store) {
    return WriterTest.run(store);
  }

  @Test
  void anIdleWriterSeesPostgresGoAndComeBack() {
    Duration criticalAfter = Duration.ofSeconds(2);
    try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL, dir);
        TcpProxy proxy = new TcpProxy(TestDatabase.PG_PORT);
        Store store =
            Store.open(
                db.builder(db.urlOnPort(proxy.port()))
                    .flushInterval(Duration.ofMillis(100))
                    .connectTimeout(Duration.ofMillis(500))
                    .criticalAfter(criticalAfter)
                    .build())) {
      assertThat(check(store).status()).isEqualTo(Status.OK);
      assertThat(store.stats().queueDepth()).isZero();

      proxy.stop();
      long stopped = System.nanoTime();
      // A probe every criticalAfter / 2 (1 s): failing within about a second, nothing queued.
      await().atMost(Duration.ofSeconds(10)).until(() -> store.stats().failingFor().isPresent());
      assertThat(store.stats().queueDepth()).isZero();
      assertThat(check(store).status()).isEqualTo(Status.WARNING);
      await().atMost(Duration.ofSeconds(15)).until(() -> check(store).status() == Status.CRITICAL);
      assertThat(Duration.ofNanos(System.nanoTime() - stopped))
          .as("from the outage to CRITICAL")
          .isGreaterThanOrEqualTo(criticalAfter);
      assertThat(check(store).details()).containsKey("last_error");

      proxy.start();
      await().atMost(Duration.ofSeconds(15)).until(() -> store.stats().failingFor().isEmpty());
      assertThat(check(store).status()).isEqualTo(Status.OK);
    }
  }
}
