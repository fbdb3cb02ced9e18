package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import io.vigil.store.testing.Feed;
import io.vigil.store.testing.Rows;
import io.vigil.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HistoryTest {

  private static final Duration MS10 = Duration.ofMillis(10);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker(Instant.parse("2026-01-01T00:00:00Z"));

  @ParameterizedTest
  @EnumSource(Engine.class)
  void historyAndUptimeAreAnsweredAcrossARestart(Engine engine) {
    Instant start = ticker.wallTime();
    try (TestDatabase db = TestDatabase.create(engine, dir)) {
      try (Store store = Store.open(db.config(), ticker);
          Feed feed = new Feed(store, ticker, "cpu", 1)) {
        feed.run(Status.OK, MS10).advance(MINUTE);
        feed.run(Status.CRITICAL, MS10).advance(MINUTE);
        feed.run(Status.OK, MS10).advance(MINUTE);
        feed.run(Status.WARNING, MS10).advance(MINUTE);
      }
      try (Store again = Store.open(db.config(), ticker)) {
        CheckHistory h = again.history("cpu", start, ticker.wallTime());
        assertThat(h.transitions())
            .extracting(t -> t.to().orElseThrow())
            .containsSubsequence(Status.CRITICAL, Status.OK, Status.WARNING);
        assertThat(h.rollups()).hasSize(4).allMatch(r -> r.resolution() == Resolution.MINUTE);
        assertThat(h.rollups().get(1).critical()).isEqualTo(1);
        Uptime uptime = again.uptime("cpu", Duration.ofHours(1));
        assertThat(uptime.runs()).isEqualTo(4);
        assertThat(uptime.percent()).hasValue(75.0);
        assertThat(again.uptime("nope", Duration.ofHours(1)).percent()).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void compactsMinutesToHoursToDays_andDeletesWhatIsPastRetention(Engine engine) {
    Instant start = ticker.wallTime();
    try (TestDatabase db = TestDatabase.create(engine, dir);
        Store store = Store.open(db.config(), ticker)) {
      try (Feed feed = new Feed(store, ticker, "disk", 1)) {
        feed.runs(3, Status.OK, Duration.ofMillis(20), MINUTE);
        feed.run(Status.CRITICAL, Duration.ofMillis(80));
      }
      assertThat(rows(db, "minute")).isEqualTo(4);

      ticker.advance(Duration.ofHours(47));
      assertThat(store.maintain().minutesCompacted()).isZero();
      ticker.advance(Duration.ofHours(2));
      assertThat(store.maintain().minutesCompacted()).isEqualTo(4);
      assertThat(rows(db, "minute")).isZero();
      Rollup hour = store.history("disk", start, ticker.wallTime()).rollups().getFirst();
      assertThat(hour.resolution()).isEqualTo(Resolution.HOUR);
      assertThat(hour.ok()).isEqualTo(3);
      assertThat(hour.critical()).isEqualTo(1);
      assertThat(hour.latency().maxMs()).isEqualTo(80);
      assertThat(hour.latency().minMs()).isEqualTo(20);

      ticker.advance(Duration.ofDays(30));
      MaintenanceReport month = store.maintain();
      assertThat(month.hoursCompacted()).isEqualTo(1);
      assertThat(month.transitionsDeleted()).isPositive();
      assertThat(store.uptime("disk", Duration.ofDays(60)).percent()).hasValue(75.0);
      assertThat(store.history("disk", start, ticker.wallTime()).rollups())
          .singleElement()
          .satisfies(r -> assertThat(r.resolution()).isEqualTo(Resolution.DAY));

      ticker.advance(Duration.ofDays(400));
      assertThat(store.maintain().daysDeleted()).isEqualTo(1);
      assertThat(Rows.count(db, "SELECT count(*) FROM check_rollups")).isZero();
    }
  }

  private static long rows(TestDatabase db, String resolution) {
    return Rows.count(
        db, "SELECT count(*) FROM check_rollups WHERE resolution = '" + resolution + "'");
  }
}
