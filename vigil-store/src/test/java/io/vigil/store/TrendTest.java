package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import io.vigil.store.testing.Feed;
import io.vigil.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrendTest {

  private static final Duration GAP = Duration.ofMinutes(2);

  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker();

  private Trend trendAfter(
      Engine engine, Status recentStatus, Duration recentLatency, Status baseStatus) {
    try (TestDatabase db = TestDatabase.create(engine, dir);
        Store store = Store.open(db.config(), ticker)) {
      try (Feed feed = new Feed(store, ticker, "api", 1)) {
        feed.runs(20, baseStatus, Duration.ofMillis(10), Duration.ofMinutes(30));
        feed.advance(Duration.ofHours(1));
        feed.runs(10, recentStatus, recentLatency, GAP);
      }
      return store.trend("api");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aLastHourSlowerThanTheBaselineByTheFactorIsDegrading(Engine engine) {
    Trend trend = trendAfter(engine, Status.OK, Duration.ofMillis(100), Status.OK);
    assertThat(trend.degrading()).isTrue();
    assertThat(trend.recent().runs()).isEqualTo(10);
    assertThat(trend.baseline().runs()).isEqualTo(20);
    assertThat(trend.recent().p95Ms()).isEqualTo(100);
    assertThat(trend.reasons()).singleElement().asString().startsWith("p95 latency 100.0 ms");
  }

  @Test
  void aLastHourFailingMoreThanTheBaselineIsDegrading() {
    Trend trend = trendAfter(Engine.SQLITE, Status.CRITICAL, Duration.ofMillis(10), Status.OK);
    assertThat(trend.degrading()).isTrue();
    assertThat(trend.recent().failureRate()).isEqualTo(1.0);
    assertThat(trend.reasons()).singleElement().asString().startsWith("failure rate 100.0%");
  }

  @Test
  void aLastHourLikeTheBaselineIsNotDegrading() {
    Trend trend = trendAfter(Engine.SQLITE, Status.OK, Duration.ofMillis(15), Status.OK);
    assertThat(trend.degrading()).isFalse();
    assertThat(trend.reasons()).isEmpty();
  }

  @Test
  void tooFewRunsAreNoJudgement() {
    try (TestDatabase db = TestDatabase.create(Engine.SQLITE, dir);
        Store store = Store.open(db.config(), ticker)) {
      try (Feed feed = new Feed(store, ticker, "api", 1)) {
        feed.runs(2, Status.CRITICAL, Duration.ofSeconds(3), GAP);
      }
      assertThat(store.trend("api").degrading()).isFalse();
    }
  }

  @Test
  void aBaselineIsReadAgainOnlyAfterFiveMinutesWhileTheLastHourIsAlwaysFresh() {
    try (TestDatabase db = TestDatabase.create(Engine.SQLITE, dir);
        Store store = Store.open(db.config(), ticker)) {
      try (Feed feed = new Feed(store, ticker, "api", 1)) {
        feed.runs(20, Status.OK, Duration.ofMillis(10), Duration.ofMinutes(30));
        feed.advance(Duration.ofHours(1));
        feed.runs(5, Status.OK, Duration.ofMillis(10), GAP);
      }
      Trend first = store.trend("api");
      try (Feed feed = new Feed(store, ticker, "api", 1)) {
        feed.runs(5, Status.CRITICAL, Duration.ofMillis(10), Duration.ofSeconds(30));
      }
      Trend second = store.trend("api"); // 2.5 minutes later
      assertThat(second.baseline()).isEqualTo(first.baseline());
      assertThat(second.recent().runs()).isGreaterThan(first.recent().runs());
      assertThat(second.recent().failureRate()).isPositive();
      ticker.advance(Duration.ofMinutes(5));
      Trend third = store.trend("api");
      assertThat(third.baseline().to()).isAfter(second.baseline().to());
      assertThat(third.baseline().runs()).isPositive();
    }
  }
}
