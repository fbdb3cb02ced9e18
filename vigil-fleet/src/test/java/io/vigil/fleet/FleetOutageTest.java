package io.vigil.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigil.core.Ticker;
import io.vigil.store.testing.TcpProxy;
import io.vigil.store.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetOutageTest {

  private final FleetDb db = new FleetDb();

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void startsWithoutPostgresAndSaysWhyItDoesNotAct() {
    Fleet f =
        db.track(
            Fleet.start(
                "jdbc:postgresql://127.0.0.1:1/test?user=postgres",
                FleetDb.config("a"),
                Ticker.system()));
    await()
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(f.notActing().orElse(""))
                    .startsWith("not registered yet, for ")
                    .containsIgnoringCase("PostgreSQL: Connection refused"));
    assertThat(f.acting()).isFalse();
    assertThat(f.owned()).isEmpty();
    assertThat(f.stats().failedRenewals()).isPositive();
    assertThat(f.fence().recovery("t", "c", "s", true, 1, Duration.ofSeconds(1)))
        .isInstanceOf(Fence.Grant.Refused.class);
    assertThatThrownBy(() -> f.states().all())
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("fleet store unreachable");
    f.close();
  }

  @Test
  void refusesOtherDatabases() {
    assertThatThrownBy(
            () -> Fleet.start("jdbc:sqlite:/tmp/x.db", FleetDb.config("a"), Ticker.system()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fleet needs store.url on PostgreSQL");
  }

  @Test
  void stopsActingWhilePostgresIsUnreachableAndActsAgainWhenItIsBack() {
    try (TcpProxy proxy = new TcpProxy(TestDatabase.PG_PORT)) {
      Fleet f =
          db.track(Fleet.start(db.urlOnPort(proxy.port()), FleetDb.config("a"), Ticker.system()));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> f.owned().size() == 1024 && f.acting() && f.stats().renewals() > 2);

      System.out.println("before the outage: " + f.stats());
      long t0 = System.nanoTime();
      proxy.stop();
      await()
          .atMost(Duration.ofSeconds(3))
          .pollInterval(Duration.ofMillis(10))
          .untilAsserted(
              () ->
                  assertThat(f.notActing().orElse(""))
                      .startsWith("lease not renewed for")
                      .contains("(PostgreSQL: "));
      long stopped = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("then: " + f.notActing().orElse("") + " " + f.stats());
      assertThat(f.owns("orders")).isFalse();
      await().atMost(Duration.ofSeconds(3)).until(() -> f.owned().isEmpty());

      proxy.start();
      long t1 = System.nanoTime();
      await().atMost(Duration.ofSeconds(5)).until(() -> f.acting() && f.owned().size() == 1024);
      System.out.printf(
          "stopped acting %d ms after the outage, acting again %d ms after it ended%n",
          stopped, (System.nanoTime() - t1) / 1_000_000);
      assertThat(f.notActing()).isEmpty();
      assertThat(f.stats().failedRenewals()).isPositive();
      f.close(); // while the proxy still forwards, so it leaves cleanly
    }
  }
}
