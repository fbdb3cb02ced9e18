package io.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.testing.FakeTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** New routes and sinks put in force (a reload) keep the alerts and their groups. */
class ApplyTest {

  @Test
  void aReloadAddsASinkThatGetsTheAlertsStillFiringAndKeepsTheOthersGroups() {
    FakeTicker ticker = new FakeTicker(Instant.parse("2026-01-05T10:00:00Z"));
    Route ops =
        Route.defaults("ops").withTimings(Duration.ZERO, Duration.ZERO, Duration.ofHours(4));
    try (Alerts alerts =
        Alerts.builder(AlertSettings.of(List.of(ops)))
            .ticker(ticker)
            .sinks(List.of(Sinks.log("ops")))
            .build()) {
      alerts.signal(
          Signal.open(
              AlertKind.DOWN, Map.of("check", "db"), Severity.CRITICAL, "down", ticker.wallTime()));
      ticker.advance(Duration.ofSeconds(1));
      assertThat(alerts.evaluate()).extracting(Notification::sink).containsExactly("ops");
      Route pager = ops.withTimings(Duration.ZERO, Duration.ZERO, Duration.ofHours(4));
      alerts.apply(
          AlertSettings.of(
              List.of(
                  ops,
                  new Route(
                      "pager",
                      pager.match(),
                      pager.minSeverity(),
                      pager.groupBy(),
                      pager.groupWait(),
                      pager.groupInterval(),
                      pager.repeatInterval(),
                      pager.ratePerMinute()))),
          List.of(Sinks.log("ops"), Sinks.log("pager")));
      ticker.advance(Duration.ofSeconds(1));
      assertThat(alerts.evaluate()).extracting(Notification::sink).containsExactly("pager");
      assertThat(alerts.sinks()).extracting(Sink::name).containsExactly("ops", "pager");
      assertThat(alerts.alerts()).hasSize(1);
    }
  }
}
