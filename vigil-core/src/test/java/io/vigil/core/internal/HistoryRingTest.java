package io.vigil.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.History;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryRingTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Result at(int second, Status status) {
    return Result.of(status, "r" + second).stamped(Duration.ZERO, T0.plusSeconds(second));
  }

  @Test
  void keepsTheLastResultsUpToCapacity() {
    HistoryRing ring = new HistoryRing(100);
    for (int i = 0; i < 250; i++) {
      ring.add(at(i, Status.OK));
    }
    History all = ring.query("c", Instant.MIN, Instant.MAX);
    assertThat(all.results()).hasSize(100);
    assertThat(all.results().get(0).timestamp()).isEqualTo(T0.plusSeconds(150));
    assertThat(all.results().get(99).timestamp()).isEqualTo(T0.plusSeconds(249));
  }

  @Test
  void queriesByTimeRangeWithCountsPerStatus() {
    HistoryRing ring = new HistoryRing(1000);
    for (int i = 0; i < 10; i++) {
      ring.add(at(i, i % 3 == 0 ? Status.CRITICAL : Status.OK));
    }
    History h = ring.query("c", T0.plusSeconds(3), T0.plusSeconds(6));
    assertThat(h.results())
        .extracting(Result::timestamp)
        .containsExactly(
            T0.plusSeconds(3), T0.plusSeconds(4), T0.plusSeconds(5), T0.plusSeconds(6));
    assertThat(h.counts())
        .containsEntry(Status.CRITICAL, 2L)
        .containsEntry(Status.OK, 2L)
        .containsEntry(Status.WARNING, 0L)
        .containsEntry(Status.UNKNOWN, 0L);
  }

  @Test
  void emptyRingAnswersEmpty() {
    History h = new HistoryRing(5).query("c", Instant.MIN, Instant.MAX);
    assertThat(h.results()).isEmpty();
    assertThat(h.counts()).containsEntry(Status.OK, 0L);
  }

  @Test
  void keepsEveryRunCompactlyAndTheMessagesThatSaySomething() {
    HistoryRing ring = new HistoryRing(10);
    Instant precise = T0.plusNanos(123_456_000);
    ring.add(Result.ok("up in 3 ms").stamped(Duration.ofMillis(3), precise));
    ring.add(Result.ok("up in 4 ms").stamped(Duration.ofMillis(4), T0.plusSeconds(1)));
    ring.add(Result.critical("refused").stamped(Duration.ofMillis(1), T0.plusSeconds(2)));
    ring.add(Result.critical(new String("refused")).stamped(Duration.ZERO, T0.plusSeconds(3)));
    ring.add(Result.ok("up in 5 ms").stamped(Duration.ofMillis(5), T0.plusSeconds(4)));
    ring.add(Result.ok("up in 6 ms").stamped(Duration.ofMillis(6), T0.plusSeconds(5)));

    List<Result> all = ring.query("c", Instant.MIN, Instant.MAX).results();
    assertThat(all)
        .extracting(Result::message)
        .containsExactly("up in 3 ms", "", "refused", "refused", "up in 5 ms", "");
    assertThat(all.get(2).message()).isSameAs(all.get(3).message());
    assertThat(all)
        .extracting(Result::latency)
        .contains(Duration.ofMillis(3), Duration.ofMillis(6));
    assertThat(all.get(0).timestamp()).isEqualTo(precise);
    assertThat(all).extracting(Result::status).containsSubsequence(Status.OK, Status.CRITICAL);
  }

  @Test
  void aZeroCapacityKeepsNothing() {
    HistoryRing ring = new HistoryRing(0);
    ring.add(at(1, Status.OK));
    assertThat(ring.query("c", Instant.MIN, Instant.MAX).results()).isEmpty();
  }
}
