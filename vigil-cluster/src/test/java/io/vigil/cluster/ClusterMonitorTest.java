package io.vigil.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigil.cluster.testing.FakeProber.Mode;
import io.vigil.cluster.testing.Sim;
import io.vigil.core.Subscription;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The Java API: membership, events and their isolation, long polls, status, validation. */
class ClusterMonitorTest {

  static NodeSpec node(String id) {
    return NodeSpec.of(id, "10.0.0.1:9042").withHealthUrl(URI.create("http://127.0.0.1:1/"));
  }

  private static Sim three() {
    Sim sim = new Sim(Sim.builder().node(node("n1")).node(node("n2")).node(node("n3")));
    sim.until(() -> sim.monitor.routing().epoch() == 1, Duration.ofSeconds(1));
    return sim;
  }

  @Test
  void aSlowListenerDelaysNeitherDetectionNorTheOtherListeners() throws Exception {
    Sim sim = three();
    CountDownLatch release = new CountDownLatch(1);
    Subscription slow = sim.monitor.subscribe(e -> hold(release));
    List<ClusterEvent> seen = new CopyOnWriteArrayList<>();
    sim.monitor.subscribe(seen::add);
    sim.prober.set("n2", Mode.REFUSED);
    sim.until(() -> sim.state("n2") == NodeState.DEAD, Duration.ofSeconds(10));
    await().until(() -> seen.stream().anyMatch(ClusterEvent.NodeDown.class::isInstance));
    assertThat(slow.delivered()).isZero();
    release.countDown();
    await().until(() -> slow.delivered() == seen.size());
    sim.monitor.close();
  }

  private static void hold(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void eventsTellTheStoryInOrder() {
    Sim sim = three();
    List<ClusterEvent> seen = new CopyOnWriteArrayList<>();
    sim.monitor.subscribe(seen::add);
    sim.prober.set("n2", Mode.REFUSED);
    sim.until(() -> sim.monitor.routing().epoch() == 2, Duration.ofSeconds(10));
    await().until(() -> seen.stream().anyMatch(ClusterEvent.RoutingChanged.class::isInstance));
    assertThat(seen.stream().map(e -> e.getClass().getSimpleName()).distinct())
        .containsSubsequence("NodeStateChanged", "NodeDown", "ShardMoved", "RoutingChanged");
    assertThat(seen)
        .filteredOn(ClusterEvent.ShardMoved.class::isInstance)
        .map(ClusterEvent.ShardMoved.class::cast)
        .allSatisfy(
            m -> {
              assertThat(m.epoch()).isEqualTo(2);
              assertThat(m.from()).contains("n2");
              assertThat(m.to()).isPresent().isNotEqualTo(m.from());
            });
    ClusterEvent.RoutingChanged changed =
        seen.stream()
            .filter(ClusterEvent.RoutingChanged.class::isInstance)
            .map(ClusterEvent.RoutingChanged.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(changed.cause()).isEqualTo("failover");
    assertThat(changed.moves())
        .isEqualTo(
            (int)
                seen.stream()
                    .filter(e -> e instanceof ClusterEvent.ShardMoved m && !m.primary())
                    .count());
  }

  @Test
  void aLongPollAnswersAtTheNextEpochOrWithTheCurrentTableAtItsTimeout() throws Exception {
    Sim sim = three();
    CompletableFuture<RoutingTable> next = sim.monitor.nextRouting(1);
    assertThat(sim.monitor.nextRouting(0)).isCompletedWithValue(sim.monitor.routing());
    assertThat(sim.monitor.awaitRouting(1, Duration.ofMillis(20)).epoch()).isEqualTo(1);
    assertThat(next).isNotDone();
    sim.monitor.leave("n3");
    sim.step();
    assertThat(next).isCompleted();
    assertThat(next.get().epoch()).isEqualTo(2);
    CompletableFuture<RoutingTable> atClose = sim.monitor.nextRouting(2);
    sim.monitor.close();
    assertThat(atClose).isCompleted();
  }

  @Test
  void membershipThroughTheApi() {
    Sim sim = three();
    assertThatThrownBy(() -> sim.monitor.join(node("n1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("node n1 is already a member (healthy)");
    NodeView joined = sim.monitor.join(node("n4").withZone("b").withLabels(Map.of("rack", "r7")));
    assertThat(joined.state()).isEqualTo(NodeState.JOINING);
    sim.step();
    assertThat(sim.state("n4")).isEqualTo(NodeState.HEALTHY);
    assertThat(sim.monitor.nodes())
        .extracting(NodeView::id)
        .containsExactly("n1", "n2", "n3", "n4");
    NodeView n1 = sim.monitor.node("n1").orElseThrow();
    assertThat(n1.primaries() + n1.replicas()).isPositive();
    assertThat(n1.lastHeartbeat()).isPresent();
    sim.run(Duration.ofSeconds(6)); // the next probe
    assertThat(sim.monitor.node("n1").orElseThrow().lastHeartbeat().orElseThrow())
        .as("the last successful probe")
        .isAfter(n1.lastHeartbeat().orElseThrow());
    assertThat(sim.monitor.leave("n4").orElseThrow().state()).isEqualTo(NodeState.LEFT);
    assertThat(sim.monitor.join(node("n4")).state()).as("joins again").isEqualTo(NodeState.JOINING);
  }

  @Test
  void statusCountsQuorumUnownedAndUnderReplicatedShards() {
    Sim sim = three();
    sim.monitor.join(node("observer").withVoter(false));
    sim.step();
    ClusterStatus status = sim.monitor.status();
    assertThat(status.nodes()).containsEntry(NodeState.HEALTHY, 4);
    assertThat(status.voters()).isEqualTo(3);
    assertThat(status.quorum()).isTrue();
    assertThat(status.unownedShards()).isEmpty();
    assertThat(status.underReplicated()).isZero();
    sim.prober.set("n1", Mode.REFUSED).set("n2", Mode.REFUSED).set("observer", Mode.REFUSED);
    sim.until(() -> sim.in(NodeState.DEAD).size() == 3, Duration.ofSeconds(10));
    status = sim.monitor.status();
    assertThat(status.votersUp()).isEqualTo(1);
    assertThat(status.quorum()).isFalse();
    assertThat(status.brake()).as("3 of 4 died at once").isTrue();
    assertThat(status.unownedShards()).isNotEmpty();
    assertThat(status.nodes()).containsEntry(NodeState.DEAD, 3).containsEntry(NodeState.HEALTHY, 1);
  }

  @Test
  void invalidSettingsNameTheirField() {
    assertThatThrownBy(() -> NodeSpec.of("bad id", "x"))
        .hasMessageStartingWith("id: must be 1 to 64 letters");
    assertThatThrownBy(() -> node("n").withCapacity(-1))
        .hasMessage("capacity: must be greater than 0 and at most 1000000, but was -1.0");
    assertThatThrownBy(() -> node("n").withHealthUrl(URI.create("ftp://user:CanaryPw@h/")))
        .hasMessageStartingWith("healthUrl: must be an http:// or https:// URL")
        .hasMessageNotContaining("CanaryPw");
    assertThatThrownBy(
            () ->
                new DetectorSettings.Probe(
                    Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), 3))
        .hasMessage("interval: must be longer than 0s and at most 365d, but was 0s");
    assertThatThrownBy(() -> ClusterMonitor.builder().shards(0).build())
        .hasMessage("shards: must be between 1 and 65536, but was 0");
    assertThatThrownBy(
            () ->
                new DetectorSettings.Heartbeat(
                    Duration.ofSeconds(1), 8, 9, 1000, Duration.ofMillis(100), Duration.ZERO))
        .hasMessageStartingWith("suspectThreshold: must be above 0 and at most threshold");
  }

  @Test
  void keysMapToShardsTheSameWayEverywhere() {
    assertThat(RoutingTable.shardFor("user:42", 64))
        .isEqualTo(RoutingTable.shardFor("user:42", 64));
    assertThat(RoutingTable.shardFor("", 64)).isBetween(0, 63);
    int[] counts = new int[8];
    for (int i = 0; i < 8000; i++) {
      counts[RoutingTable.shardFor("key-" + i, 8)]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(800, 1200);
    }
  }
}
