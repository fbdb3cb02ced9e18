package io.vigil.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.History;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.time.Duration;
import java.time.Instant;
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
    assertThat(all.results().get(0).message()).isEqualTo("r150");
    assertThat(all.results().get(99).message()).isEqualTo("r249");
  }

  @Test
  void queriesByTimeRangeWithCountsPerStatus() {
    HistoryRing ring = new HistoryRing(1000);
    for (int i = 0; i < 10; i++) {
      ring.add(at(i, i % 3 == 0 ? Status.CRITICAL : Status.OK));
    }
    History h = ring.query("c", T0.plusSeconds(3), T0.plusSeconds(6));
    assertThat(h.results()).extracting(Result::message).containsExactly("r3", "r4", "r5", "r6");
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
}
