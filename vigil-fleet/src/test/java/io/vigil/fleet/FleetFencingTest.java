package io.vigil.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.fleet.Fence.Grant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetFencingTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final FleetDb db = new FleetDb();

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aStalledAgentIsRefusedOnceItsPartitionPassedToAPeer() {
    PausableTicker clock = new PausableTicker();
    Fleet zombie = db.start(FleetDb.config("a"), clock);
    Fleet peer = db.start("b");
    await().atMost(Duration.ofSeconds(5)).until(() -> zombie.owned().size() == 512);
    String check = ownedBy(zombie);
    int partition = zombie.partition(check);
    long oldEpoch = zombie.epoch(partition).orElseThrow();
    assertThat(zombie.fence().recovery("web", check, "restart", true, 5, MINUTE))
        .isEqualTo(new Grant.Granted(oldEpoch));
    assertThat(zombie.states().write(List.of(States.of(check, "ok", 0, Instant.now()))))
        .isEqualTo(1);

    // the zombie stalls: no renewal, and its clock stands still, so it still believes it acts
    clock.pause();
    zombie.freezeRenewals(true);
    await().atMost(Duration.ofSeconds(3)).until(() -> peer.owned().size() == 1024);
    assertThat(zombie.acting()).isTrue();
    assertThat(zombie.owns(check)).isTrue();

    Grant refused = zombie.fence().recovery("web", check, "restart", true, 5, MINUTE);
    assertThat(refused).isInstanceOf(Grant.Refused.class);
    assertThat(((Grant.Refused) refused).reason())
        .contains("partition " + partition)
        .contains("passed to 'b'");
    assertThat(zombie.states().write(List.of(States.of(check, "critical", 3, Instant.now()))))
        .isZero();
    assertThat(zombie.stats().staleWritesRefused()).isEqualTo(1);

    Grant granted = peer.fence().recovery("web", check, "restart", true, 5, MINUTE);
    assertThat(granted).isInstanceOf(Grant.Granted.class);
    assertThat(((Grant.Granted) granted).token()).isGreaterThan(oldEpoch);
    assertThat(peer.states().write(List.of(States.of(check, "warning", 1, Instant.now()))))
        .isEqualTo(1);
    CheckState row = peer.states().read(check).orElseThrow();
    assertThat(row.owner()).isEqualTo("b");
    assertThat(row.status()).isEqualTo("warning");
    assertThat(row.epoch()).isEqualTo(((Grant.Granted) granted).token());
    assertThat(db.query("SELECT count(*) FROM fleet_actions WHERE agent = 'a'")).isEqualTo(1);

    // it wakes: its clock jumps, it stops acting at once, then registers again with new epochs
    clock.resume();
    assertThat(zombie.acting()).isFalse();
    zombie.freezeRenewals(false);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> zombie.acting() && zombie.owned().size() == 512);
    for (int p : zombie.owned()) {
      assertThat(zombie.epoch(p).orElseThrow()).isGreaterThan(oldEpoch);
    }
  }

  @Test
  void aSecondProcessWithTheSameIdWaitsForTheLeaseThenSupersedesTheStalledOne() {
    PausableTicker clock = new PausableTicker();
    Fleet first = db.start(FleetDb.config("a"), clock);
    await().atMost(Duration.ofSeconds(5)).until(() -> first.owned().size() == 1024);
    Fleet second = db.start("a");
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () -> assertThat(second.notActing().orElse("")).contains("is in use by another live"));

    clock.pause();
    first.freezeRenewals(true);
    await().atMost(Duration.ofSeconds(3)).until(() -> second.owned().size() == 1024);
    String check = ownedBy(second);
    assertThat(first.fence().recovery("web", check, "restart", false, 1, MINUTE))
        .isInstanceOf(Grant.Refused.class);

    clock.resume();
    first.freezeRenewals(false);
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              assertThat(first.notActing().orElse("")).contains("is in use by another live");
              assertThat(first.owned()).isEmpty();
            });
    assertThat(second.acting()).isTrue();
    assertThat(second.owned()).hasSize(1024);
  }

  @Test
  void restartsOfATargetShareOneBudgetAcrossTheFleetAndAcrossTakeovers() {
    Fleet a = db.start("a");
    Fleet b = db.start("b");
    Fleet c = db.start("c");
    List<Fleet> all = List.of(a, b, c);
    await().atMost(Duration.ofSeconds(5)).until(() -> db.ownedInDb("c") >= 338);
    String check = "orders-http";
    Fleet owner = await().until(() -> owner(all, check), o -> o != null);
    Fleet other = all.stream().filter(f -> f != owner).findFirst().orElseThrow();
    Duration window = Duration.ofSeconds(3);

    List<Grant> grants =
        IntStream.range(0, 5)
            .mapToObj(i -> owner.fence().recovery("orders", check, "restart", true, 3, window))
            .toList();
    assertThat(grants.subList(0, 3)).allMatch(g -> g instanceof Grant.Granted);
    assertThat(grants.subList(3, 5))
        .allSatisfy(
            g ->
                assertThat(((Grant.Refused) g).reason())
                    .contains("restart budget of target 'orders' spent: 3 restarts"));
    // a step that restarts nothing is not counted against the budget
    assertThat(owner.fence().recovery("orders", check, "log", false, 3, window))
        .isInstanceOf(Grant.Granted.class);
    // a non-owner is refused whatever the budget
    assertThat(other.fence().recovery("orders", check, "restart", true, 100, window))
        .isInstanceOf(Grant.Refused.class);

    owner.close();
    Fleet next = await().until(() -> owner(all, check), o -> o != null && o != owner);
    Grant again = next.fence().recovery("orders", check, "restart", true, 3, window);
    assertThat(again).isInstanceOf(Grant.Refused.class);
    assertThat(((Grant.Refused) again).reason()).contains("budget");
    await()
        .atMost(window.plusSeconds(2))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                next.fence().recovery("orders", check, "restart", true, 3, window)
                    instanceof Grant.Granted);
    assertThat(
            db.query(
                "SELECT count(*) FROM fleet_actions WHERE target = 'orders' AND restart"
                    + " AND kind = 'recovery'"))
        .isEqualTo(4);
  }

  @Test
  void notificationsAreGrantedToTheSingletonLeaseHolderOnly() {
    PausableTicker clock = new PausableTicker();
    Fleet a = db.start(FleetDb.config("a"), clock);
    await().atMost(Duration.ofSeconds(5)).until(a::acting);
    Lease alertsA = a.lease("alerts");
    await().atMost(Duration.ofSeconds(2)).until(alertsA::held);
    Fleet b = db.start("b");
    Lease alertsB = b.lease("alerts");
    List<Boolean> changesB = new java.util.concurrent.CopyOnWriteArrayList<>();
    alertsB.onChange(changesB::add);
    await().atMost(Duration.ofSeconds(2)).until(() -> alertsB.holder().isPresent());
    assertThat(alertsB.holder()).contains("a");
    assertThat(alertsB.held()).isFalse();
    assertThat(a.lease("alerts")).isSameAs(alertsA);
    long epochA = alertsA.epoch().orElseThrow();

    assertThat(a.fence().notification("alerts", "orders", "orders is down"))
        .isEqualTo(new Grant.Granted(epochA));
    assertThat(b.fence().notification("alerts", "orders", "orders is down"))
        .isInstanceOf(Grant.Refused.class);
    assertThat(b.fence().notification("cluster", "orders", "x")).isInstanceOf(Grant.Refused.class);

    clock.pause();
    a.freezeRenewals(true);
    await().atMost(Duration.ofSeconds(3)).until(alertsB::held);
    assertThat(alertsA.held()).isTrue(); // it believes so: its clock stands still
    Grant zombie = a.fence().notification("alerts", "orders", "orders is down");
    assertThat(((Grant.Refused) zombie).reason()).contains("lease 'alerts' passed to 'b'");
    Grant granted = b.fence().notification("alerts", "orders", "orders is down");
    assertThat(((Grant.Granted) granted).token()).isGreaterThan(epochA);
    await().untilAsserted(() -> assertThat(changesB).containsExactly(false, true));
    clock.resume();
    assertThat(alertsA.held()).isFalse();
  }

  private static String ownedBy(Fleet fleet) {
    return IntStream.range(0, 10_000)
        .mapToObj(i -> "check-" + i)
        .filter(fleet::owns)
        .findFirst()
        .orElseThrow();
  }

  private static Fleet owner(List<Fleet> fleets, String check) {
    return fleets.stream().filter(f -> f.owns(check)).findFirst().orElse(null);
  }
}
