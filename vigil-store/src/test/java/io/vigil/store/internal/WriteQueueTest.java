package io.vigil.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.Status;
import io.vigil.store.Transition;
import io.vigil.store.TransitionKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WriteQueueTest {

  private static Row row(int n) {
    return new Row.TransitionRow(
        new Transition(
            "c" + n,
            Instant.EPOCH,
            TransitionKind.STATE,
            Optional.empty(),
            Optional.empty(),
            Optional.of(Status.OK),
            Optional.empty(),
            false,
            0,
            ""));
  }

  private static List<String> names(List<Row> rows) {
    return rows.stream().map(r -> ((Row.TransitionRow) r).transition().check()).toList();
  }

  @Test
  void whenFull_dropsTheOldestAndCountsIt() {
    WriteQueue q = new WriteQueue(3, 10);
    for (int i = 1; i <= 5; i++) {
      q.offer(row(i));
    }
    assertThat(q.dropped()).isEqualTo(2);
    assertThat(names(q.drain(10))).containsExactly("c3", "c4", "c5");
  }

  @Test
  void aFailedBatchGoesBackToTheHeadInOrder_andOverflowDropsTheOldest() {
    WriteQueue q = new WriteQueue(4, 10);
    q.offer(row(1));
    q.offer(row(2));
    List<Row> batch = q.drain(2);
    q.offer(row(3));
    q.offer(row(4));
    q.offer(row(5));
    q.pushBack(batch);
    assertThat(q.dropped()).isEqualTo(1);
    assertThat(names(q.drain(10))).containsExactly("c2", "c3", "c4", "c5");
  }
}
