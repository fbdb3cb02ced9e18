package io.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.CheckSpec;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import io.vigil.core.testing.ScriptedCheck;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alerts from the real engine's events (a manual monitor on a fake clock), not from polling. */
class MonitorEventsTest {

  private final FakeTicker ticker = new FakeTicker();

  @Test
  void aCheckThatTurnsHardDownOpensOneAlertAndItsRecoveryResolvesIt() {
    ManualMonitor monitor = Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
    ScriptedCheck db =
        new ScriptedCheck(Status.OK, Status.CRITICAL, Status.CRITICAL, Status.CRITICAL);
    monitor.register(
        CheckSpec.builder("db")
            .component("data")
            .tags("storage")
            .critical(true)
            .interval(Duration.ofSeconds(1))
            .jitter(Duration.ZERO)
            .failureThreshold(2)
            .build(),
        db);
    Route route =
        Route.defaults("ops").withTimings(Duration.ZERO, Duration.ZERO, Duration.ofHours(4));
    try (monitor;
        Alerts alerts =
            Alerts.builder(AlertSettings.of(List.of(route)))
                .ticker(ticker)
                .specs(Alerts.specsOf(monitor))
                .build()) {
      alerts.attach(monitor);
      monitor.start();
      for (int i = 0; i < 5; i++) {
        monitor.tick();
        ticker.advance(Duration.ofSeconds(1));
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> alerts.alerts().stream().anyMatch(v -> v.state().equals("firing")));
      AlertView down = alerts.alerts().getFirst();
      assertThat(down.alert().kind()).isEqualTo(AlertKind.DOWN);
      assertThat(down.alert().severity()).isEqualTo(Severity.CRITICAL);
      assertThat(down.alert().labels())
          .containsEntry("component", "data")
          .containsEntry("tags", "storage");
      assertThat(down.alert().lastResult())
          .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(Status.CRITICAL));
      assertThat(alerts.evaluate()).singleElement();
      db.then(Status.OK);
      for (int i = 0; i < 3; i++) {
        monitor.tick();
        ticker.advance(Duration.ofSeconds(1));
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> alerts.alerts().getFirst().state().equals("resolved"));
      assertThat(alerts.evaluate())
          .singleElement()
          .satisfies(n -> assertThat(n.status()).isEqualTo("resolved"));
    }
  }
}
