package io.vigil.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetMembershipTest {

  private final FleetDb db = new FleetDb();

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void threeAgentsShareThePartitionsAndTheChecksEvenly() {
    Fleet a = db.start("a");
    Fleet b = db.start("b");
    Fleet c = db.start("c");
    List<Fleet> all = List.of(a, b, c);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(a.agents())
                    .extracting(FleetAgent::id, FleetAgent::alive)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", true),
                        org.assertj.core.groups.Tuple.tuple("b", true),
                        org.assertj.core.groups.Tuple.tuple("c", true)));
    // settled: every partition owned, each agent near its share (1024 / 3 = 341.3)
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(all.stream().mapToInt(f -> f.owned().size()).sum()).isEqualTo(1024);
              all.forEach(f -> assertThat(f.owned().size()).isBetween(338, 342));
            });
    FleetAgent row = a.agents().getFirst();
    assertThat(row.address()).isEqualTo("10.0.0.1:8080");
    assertThat(row.version()).isEqualTo("1.0");
    assertThat(row.leaseAge()).isLessThan(FleetDb.TTL);
    assertThat(row.partitions()).isEqualTo(a.owned().size());
    all.forEach(f -> assertThat(f.acting()).isTrue());
    all.forEach(f -> assertThat(f.notActing()).isEmpty());

    // 300 check names: each is owned by exactly one agent, about a third each
    List<String> checks = IntStream.range(0, 300).mapToObj(i -> "check-" + i).toList();
    for (String check : checks) {
      assertThat(all.stream().filter(f -> f.owns(check)).count()).as(check).isEqualTo(1);
    }
    for (Fleet f : all) {
      long n = checks.stream().filter(f::owns).count();
      System.out.printf(
          "%s owns %d partitions, %d of 300 checks%n", f.config().agentId(), f.owned().size(), n);
      assertThat(n).as(f.config().agentId()).isBetween(75L, 125L);
    }
    for (Fleet f : all) {
      for (int p : f.owned()) {
        assertThat(f.epoch(p)).isPresent();
      }
    }
  }

  @Test
  void closingAnAgentHandsItsPartitionsToThePeersAtOnce() {
    Fleet a = db.start("a");
    Fleet b = db.start("b");
    Fleet c = db.start("c");
    await().atMost(Duration.ofSeconds(5)).until(() -> db.ownedInDb("c") >= 338);
    long before = db.query("SELECT max(epoch) FROM fleet_partitions");

    long t0 = System.nanoTime();
    c.close();
    assertThat(c.acting()).isFalse();
    assertThat(c.notActing()).contains("fleet closed");
    assertThat(c.owned()).isEmpty();
    await()
        .atMost(FleetDb.TTL.plus(FleetDb.RENEW))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> a.owned().size() + b.owned().size() == 1024);
    System.out.printf("closed agent's partitions taken over in %d ms%n", ms(t0));
    assertThat(
            db.query(
                "SELECT min(epoch) FROM fleet_partitions WHERE owner = 'a' AND partition"
                    + " IN (SELECT partition FROM fleet_partitions WHERE epoch > ?)",
                before))
        .isGreaterThan(0);
    assertThat(a.agents())
        .filteredOn(x -> x.id().equals("c"))
        .singleElement()
        .satisfies(x -> assertThat(x.alive()).isFalse());
    assertThat(c.stats().released()).isGreaterThanOrEqualTo(338);
  }

  @Test
  void aStalledAgentsPartitionsAreTakenOverWithinTtlPlusRenewal() {
    Fleet a = db.start("a");
    Fleet b = db.start("b");
    await().atMost(Duration.ofSeconds(5)).until(() -> b.owned().size() == 512);
    Set<Integer> hers = new HashSet<>(b.owned());

    long t0 = System.nanoTime();
    b.freezeRenewals(true);
    await()
        .atMost(FleetDb.TTL.plus(FleetDb.RENEW).plus(Duration.ofMillis(400)))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> a.owned().containsAll(hers));
    System.out.printf("stalled agent's partitions taken over in %d ms%n", ms(t0));
    assertThat(a.owned()).hasSize(1024);
    assertThat(b.acting()).isFalse();
    assertThat(a.stats().takeovers()).isGreaterThanOrEqualTo(1024);
  }

  @Test
  void aJoiningAgentGetsItsShareWithinAFewRoundsAndListenersSeeEveryChange() {
    Fleet a = db.start("a");
    await().atMost(Duration.ofSeconds(5)).until(() -> a.owned().size() == 1024);
    List<Ownership> seen = new CopyOnWriteArrayList<>();
    a.onOwnership(seen::add);
    await().until(() -> !seen.isEmpty());
    assertThat(seen.getFirst().gained()).hasSize(1024);
    assertThat(seen.getFirst().owned()).hasSize(1024);

    long t0 = System.nanoTime();
    Fleet b = db.start("b");
    await()
        .atMost(FleetDb.RENEW.multipliedBy(4))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> b.owned().size() == 512 && a.owned().size() == 512);
    System.out.printf("joining agent got its share in %d ms%n", ms(t0));
    await()
        .untilAsserted(
            () -> {
              Ownership last = seen.getLast();
              assertThat(last.owned()).isEqualTo(a.owned());
            });
    Set<Integer> lost = new HashSet<>();
    for (Ownership o : new ArrayList<>(seen).subList(1, seen.size())) {
      lost.addAll(o.lost());
    }
    assertThat(lost).hasSize(512).doesNotContainAnyElementsOf(a.owned());
    assertThat(a.stats().released()).isEqualTo(512);
  }

  @Test
  void anAgentWithAnotherPartitionCountIsRefusedSayingWhy() {
    Fleet a = db.start("a");
    await().atMost(Duration.ofSeconds(5)).until(a::acting);
    Fleet b = db.start(FleetDb.config("b").withPartitions(512), io.vigil.core.Ticker.system());
    await()
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(b.notActing().orElse(""))
                    .contains("fleet 'test' has 1024 partitions in the database")
                    .contains("fleet.partitions is 512"));
    assertThat(b.owned()).isEmpty();
    assertThat(a.agents()).extracting(FleetAgent::id).containsExactly("a");
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
