package io.vigil.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetPeersTest {

  private final FleetDb db = new FleetDb();

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aDyingPeerFiresOneDeadAndOneBackWhenItReturns() {
    Fleet a = db.start("a");
    Fleet b = db.start("b");
    Fleet c = db.start("c");
    List<PeerEvent> events = new CopyOnWriteArrayList<>();
    a.onPeer(events::add);
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> a.agents().stream().filter(FleetAgent::alive).count() == 3);

    b.freezeRenewals(true);
    await().atMost(Duration.ofSeconds(3)).until(() -> !events.isEmpty());
    assertThat(events).singleElement().isInstanceOf(PeerEvent.Dead.class);
    assertThat(events.getFirst().agent().id()).isEqualTo("b");
    assertThat(events.getFirst().agent().alive()).isFalse();
    // several rounds later: still only the one event
    await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(2))
        .until(() -> events.size() == 1);

    b.freezeRenewals(false);
    await().atMost(Duration.ofSeconds(3)).until(() -> events.size() == 2);
    assertThat(events.get(1)).isInstanceOf(PeerEvent.Back.class);
    assertThat(events.get(1).agent().id()).isEqualTo("b");

    c.close();
    await().atMost(Duration.ofSeconds(3)).until(() -> events.size() == 3);
    assertThat(events.get(2)).isEqualTo(new PeerEvent.Dead(events.get(2).agent()));
    assertThat(events.get(2).agent().id()).isEqualTo("c");
  }
}
