package io.vigil.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.cluster.RoutingTable.ShardRoute;
import io.vigil.cluster.testing.FakeProber.Mode;
import io.vigil.cluster.testing.Sim;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Placement, failover, return after rebalanceAfter, the move budget and the brake. */
class RoutingTest {

  private final List<ClusterEvent> events = new CopyOnWriteArrayList<>();

  static NodeSpec node(String id, String zone) {
    return NodeSpec.of(id, "127.0.0.1:1")
        .withHealthUrl(URI.create("http://127.0.0.1:1/"))
        .withZone(zone);
  }

  private Sim cluster(ClusterMonitorBuilder builder, int nodes) {
    for (int i = 1; i <= nodes; i++) {
      builder.node(node("n" + i, "z" + (i % 3)));
    }
    Sim sim = new Sim(builder);
    sim.monitor.subscribe(events::add);
    sim.until(() -> sim.monitor.routing().epoch() == 1, Duration.ofSeconds(2));
    return sim;
  }

  private static ClusterMonitorBuilder builder(Duration rebalanceAfter, int maxMoves) {
    return Sim.builder().rebalanceAfter(rebalanceAfter).maxMovesPerMinute(maxMoves);
  }

  @Test
  void theFirstTableWaitsForAVerdictOnEveryNodeAndSpreadsCopiesOverZones() {
    Sim sim =
        new Sim(Sim.builder().node(node("n1", "a")).node(node("n2", "b")).node(node("n3", "b")));
    sim.prober.set("n3", Mode.HUNG);
    sim.run(Duration.ofSeconds(1));
    assertThat(sim.monitor.routing().epoch()).as("n3 has no verdict yet").isZero();
    sim.until(() -> sim.monitor.routing().epoch() == 1, Duration.ofSeconds(10));
    assertThat(sim.state("n3")).isEqualTo(NodeState.DEAD);
    for (ShardRoute route : sim.monitor.routing().shards()) {
      assertThat(route.copies()).containsExactlyInAnyOrder("n1", "n2"); // zones a and b
    }
  }

  @Test
  void copiesFollowCapacityAndTheDefaultsAreSeed003s() {
    ClusterMonitorBuilder builder = Sim.builder().shards(4096).replicationFactor(1);
    builder.node(node("big", "a").withCapacity(2));
    builder.node(node("small1", "a"));
    builder.node(node("small2", "a"));
    Sim sim = new Sim(builder);
    sim.until(() -> sim.monitor.routing().epoch() == 1, Duration.ofSeconds(2));
    Map<String, Integer> primaries = new HashMap<>();
    sim.monitor
        .routing()
        .shards()
        .forEach(s -> primaries.merge(s.primary().orElseThrow(), 1, Integer::sum));
    assertThat(primaries.get("big")).isBetween(1843, 2253); // half of 4096, ±10 %
    assertThat(primaries.get("small1")).isBetween(921, 1127); // a quarter, ±10 %
    assertThat(DetectorSettings.probe())
        .isEqualTo(
            new DetectorSettings.Probe(
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(1), 3));
  }

  @Test
  void aDeadNodesShardsMoveAndNothingElseThenReturnAfterRebalanceAfter() {
    Sim sim = cluster(builder(Duration.ofSeconds(60), 60), 5);
    RoutingTable initial = sim.monitor.routing();
    sim.prober.set("n3", Mode.REFUSED);
    sim.until(() -> sim.state("n3") == NodeState.DEAD, Duration.ofSeconds(10));
    sim.until(() -> sim.monitor.routing().epoch() == 2, Duration.ofSeconds(2));
    RoutingTable failover = sim.monitor.routing();
    for (int s = 0; s < 64; s++) {
      List<String> before = initial.shards().get(s).copies();
      List<String> after = failover.shards().get(s).copies();
      if (!before.contains("n3")) {
        assertThat(after).as("shard %d did not hold n3", s).isEqualTo(before);
      } else {
        assertThat(after).doesNotContain("n3").hasSize(2);
        assertThat(new HashSet<>(after)).as("one copy moved").containsAll(without(before, "n3"));
        if (before.getFirst().equals("n3")) {
          assertThat(after.getFirst()).as("the replica is promoted").isEqualTo(before.get(1));
        }
      }
    }
    sim.prober.set("n3", Mode.UP);
    sim.until(() -> sim.state("n3") == NodeState.HEALTHY, Duration.ofSeconds(6));
    Duration back = sim.until(() -> sim.monitor.routing().epoch() == 3, Duration.ofSeconds(70));
    assertThat(back).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(60).plusMillis(200));
    assertThat(sim.monitor.routing().shards()).isEqualTo(initial.shards());
    sim.run(Duration.ofMinutes(2));
    assertThat(sim.monitor.routing().epoch()).as("settled: no more moves").isEqualTo(3);
  }

  @Test
  void rebalancingMovesAtMostMaxMovesPerMinute() {
    Sim sim = cluster(builder(Duration.ofSeconds(10), 10), 5);
    RoutingTable initial = sim.monitor.routing();
    long start = sim.monitor.status().moves();
    sim.monitor.join(node("n6", "z9"));
    sim.run(Duration.ofSeconds(10));
    assertThat(sim.monitor.status().moves()).as("before rebalanceAfter").isEqualTo(start);
    sim.run(Duration.ofSeconds(1));
    assertThat(sim.monitor.status().moves() - start).as("the first minute's budget").isEqualTo(10);
    sim.run(Duration.ofSeconds(58));
    assertThat(sim.monitor.status().moves() - start).as("still the first minute").isEqualTo(10);
    sim.run(Duration.ofSeconds(2));
    assertThat(sim.monitor.status().moves() - start).as("the second minute").isEqualTo(20);
    sim.run(Duration.ofMinutes(3));
    int held =
        (int)
            sim.monitor.routing().shards().stream().filter(s -> s.copies().contains("n6")).count();
    assertThat(held).as("about a sixth of 128 copies").isBetween(12, 32);
    long changed =
        sim.monitor.routing().shards().stream()
            .filter(s -> !s.copies().equals(initial.shards().get(s.shard()).copies()))
            .count();
    assertThat(changed).as("only shards that n6 took changed").isEqualTo(held);
    assertThat(sim.monitor.status().moves() - start)
        .as("one move per copy n6 took")
        .isEqualTo(held);
  }

  @Test
  void whenMostNodesDieAtOnceTheBrakeFreezesTheTableWithOneEvent() {
    Sim sim = cluster(builder(Duration.ofSeconds(5), 600), 5);
    RoutingTable before = sim.monitor.routing();
    for (String id : List.of("n1", "n2", "n3")) {
      sim.prober.set(id, Mode.REFUSED);
    }
    sim.until(() -> sim.in(NodeState.DEAD).size() == 3, Duration.ofSeconds(10));
    sim.run(Duration.ofMinutes(1));
    RoutingTable frozen = sim.monitor.routing();
    assertThat(frozen.frozen()).isTrue();
    assertThat(frozen.epoch()).isEqualTo(before.epoch());
    assertThat(frozen.shards()).isEqualTo(before.shards());
    assertThat(sim.monitor.status().brake()).isTrue();

    sim.prober.set("n1", Mode.UP);
    sim.prober.set("n2", Mode.UP); // 1 of 5 dead: the brake releases, n3's shards move
    sim.until(() -> sim.monitor.routing().epoch() == 2, Duration.ofSeconds(10));
    assertThat(sim.monitor.routing().frozen()).isFalse();
    assertThat(sim.monitor.routing().shards())
        .allSatisfy(s -> assertThat(s.copies()).doesNotContain("n3"));
    await()
        .untilAsserted(
            () -> {
              assertThat(events).filteredOn(ClusterEvent.Partitioned.class::isInstance).hasSize(1);
              assertThat(events)
                  .filteredOn(ClusterEvent.PartitionHealed.class::isInstance)
                  .hasSize(1);
            });
  }

  @Test
  void noFirstTableIsMadeWhileMostNodesAreDead() {
    ClusterMonitorBuilder builder = Sim.builder();
    for (int i = 1; i <= 5; i++) {
      builder.node(node("n" + i, "z" + i));
    }
    Sim sim = new Sim(builder);
    sim.monitor.subscribe(events::add);
    sim.prober.set("n1", Mode.REFUSED).set("n2", Mode.REFUSED).set("n3", Mode.REFUSED);
    sim.run(Duration.ofSeconds(5));
    assertThat(sim.in(NodeState.JOINING)).as("within joinTimeout").hasSize(3);
    assertThat(sim.monitor.routing().epoch()).as("waiting for a verdict on every node").isZero();
    sim.run(Duration.ofSeconds(7));
    assertThat(sim.in(NodeState.DEAD)).hasSize(3);
    assertThat(sim.monitor.routing().epoch()).as("all on n4 and n5 would be wrong").isZero();
    assertThat(sim.monitor.status().brake()).isTrue();
    sim.prober.set("n1", Mode.UP);
    sim.until(() -> sim.monitor.routing().epoch() == 1, Duration.ofSeconds(6));
    assertThat(sim.monitor.routing().shards())
        .allSatisfy(s -> assertThat(s.copies()).doesNotContain("n2", "n3").hasSize(2));
  }

  @Test
  void aNodeDeadForLessThanTheFailoverDelayKeepsItsShards() {
    Sim sim = cluster(builder(Duration.ofSeconds(60), 60), 5);
    RoutingTable before = sim.monitor.routing();
    sim.prober.set("n2", Mode.REFUSED);
    sim.until(() -> sim.state("n2") == NodeState.DEAD, Duration.ofSeconds(10));
    sim.prober.set("n2", Mode.UP); // it answers again before its shards moved
    sim.until(() -> sim.state("n2") == NodeState.HEALTHY, Duration.ofSeconds(6));
    assertThat(sim.monitor.routing().epoch()).isEqualTo(1);
    // Another node dies: only its own shards move; n2 keeps its copies.
    sim.prober.set("n5", Mode.REFUSED);
    sim.until(() -> sim.monitor.routing().epoch() == 2, Duration.ofSeconds(15));
    sim.run(Duration.ofSeconds(30));
    assertThat(sim.monitor.routing().epoch()).isEqualTo(2);
    for (ShardRoute route : sim.monitor.routing().shards()) {
      List<String> old = before.shards().get(route.shard()).copies();
      if (!old.contains("n5")) {
        assertThat(route.copies()).as("shard %d", route.shard()).isEqualTo(old);
      }
    }
  }

  @Test
  void aNodeThatLeavesHandsItsShardsOverAtOnce() {
    Sim sim = cluster(Sim.builder(), 4);
    sim.monitor.leave("n2");
    sim.step();
    assertThat(sim.monitor.routing().epoch()).isEqualTo(2);
    assertThat(sim.monitor.routing().shards())
        .allSatisfy(s -> assertThat(s.copies()).doesNotContain("n2"));
    assertThat(sim.monitor.node("n2").orElseThrow().primaries()).isZero();
  }

  private static List<String> without(List<String> list, String gone) {
    return list.stream().filter(n -> !n.equals(gone)).toList();
  }
}
