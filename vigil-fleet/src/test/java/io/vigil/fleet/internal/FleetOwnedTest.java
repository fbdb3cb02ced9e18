package io.vigil.fleet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.fleet.Ownership;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetOwnedTest {

  private final Events events = new Events(Duration.ofMillis(50));
  private final Owned owned = new Owned(events);
  private final List<Ownership> seen = new CopyOnWriteArrayList<>();

  FleetOwnedTest() {
    events.start(() -> {});
  }

  @AfterEach
  void close() {
    events.close();
  }

  @Test
  void listenersSeeTheCurrentSetFirstThenEveryChangeInOrder() {
    owned.set(Map.of(1, 10L, 2, 11L));
    owned.subscribe(seen::add);
    owned.set(Map.of(2, 11L, 3, 12L));
    owned.drop(List.of(3));
    owned.set(Map.of(2, 11L)); // no change: nothing told
    owned.dropAll();
    await().until(() -> seen.size() == 4);
    assertThat(seen)
        .containsExactly(
            new Ownership(Set.of(1, 2), Set.of(1, 2), Set.of()),
            new Ownership(Set.of(2, 3), Set.of(3), Set.of(1)),
            new Ownership(Set.of(2), Set.of(), Set.of(3)),
            new Ownership(Set.of(), Set.of(), Set.of(2)));
    assertThat(owned.partitions()).isEmpty();
  }

  @Test
  void aPartitionOwnedAgainUnderANewEpochIsToldLostThenGained() {
    owned.set(Map.of(1, 10L, 2, 11L));
    owned.subscribe(seen::add);
    owned.set(Map.of(1, 10L, 2, 20L, 3, 21L));
    await().until(() -> seen.size() == 3);
    assertThat(seen.get(1)).isEqualTo(new Ownership(Set.of(1), Set.of(), Set.of(2)));
    assertThat(seen.get(2)).isEqualTo(new Ownership(Set.of(1, 2, 3), Set.of(2, 3), Set.of()));
    assertThat(owned.epoch(2)).hasValue(20L);
  }

  @Test
  void aClosedSubscriptionHearsNothingMoreAndAFailingListenerIsCounted() {
    var quiet = owned.subscribe(seen::add);
    var failing =
        owned.subscribe(
            o -> {
              throw new IllegalStateException("boom");
            });
    await().until(() -> quiet.delivered() == 1 && failing.failed() == 1);
    quiet.close();
    owned.set(Map.of(5, 1L));
    await().until(() -> failing.failed() == 2);
    assertThat(seen).hasSize(1);
    assertThat(quiet.dropped()).isZero();
  }
}
