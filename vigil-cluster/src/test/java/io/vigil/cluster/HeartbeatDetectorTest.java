package io.vigil.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigil.cluster.testing.Sim;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat detector (phi accrual) on a fake clock: 500 ms heartbeats, as in the acceptance.
 */
class HeartbeatDetectorTest {

  private static final Duration BEAT = Duration.ofMillis(500);
  private static final DetectorSettings.Heartbeat SETTINGS =
      new DetectorSettings.Heartbeat(BEAT, 8, 1, 1000, Duration.ofMillis(100), BEAT);

  private final List<ClusterEvent> events = new CopyOnWriteArrayList<>();
  private Sim sim;

  @BeforeEach
  void beatingCluster() {
    ClusterMonitorBuilder builder = Sim.builder().detector(SETTINGS);
    for (String id : List.of("n1", "n2", "n3", "n4", "n5")) {
      builder.node(NodeSpec.of(id, "127.0.0.1:1"));
    }
    sim = new Sim(builder);
    sim.monitor.subscribe(events::add);
    for (String id : List.of("n1", "n2", "n3", "n4", "n5")) {
      sim.beat(id, BEAT);
    }
    sim.run(Duration.ofSeconds(10));
    assertThat(sim.in(NodeState.HEALTHY)).hasSize(5);
  }

  @Test
  void aSilentNodeIsSuspectThenDeadWithinTwoSeconds() {
    sim.silence("n2");
    Duration suspect = sim.until(() -> sim.state("n2") == NodeState.SUSPECT, Duration.ofSeconds(5));
    Duration dead =
        suspect.plus(sim.until(() -> sim.state("n2") == NodeState.DEAD, Duration.ofSeconds(5)));
    assertThat(suspect).isLessThan(dead);
    NodeView n2 = sim.monitor.node("n2").orElseThrow();
    // last beat + mean 500 ms + pause 500 ms + about 5.2 minimum deviations (100 ms)
    assertThat(Duration.between(n2.lastHeartbeat().orElseThrow(), n2.since()))
        .isBetween(Duration.ofMillis(1500), Duration.ofMillis(1600));
    assertThat(sim.monitor.node("n2").orElseThrow().reason())
        .startsWith("phi ")
        .contains("reached 8.0: no heartbeat for 1s");
    assertThat(sim.monitor.node("n1").orElseThrow().phi()).isLessThan(1);
  }

  @Test
  void phiRisesWithSilenceAndIsExposedPerNode() {
    sim.silence("n3");
    double previous = -1;
    for (int i = 0; i < 12; i++) {
      sim.step();
      double phi = sim.monitor.node("n3").orElseThrow().phi();
      assertThat(phi).isGreaterThanOrEqualTo(previous);
      previous = phi;
    }
    assertThat(previous).isGreaterThan(1);
  }

  @Test
  void aPauseOfTheMonitorIsNotHeldAgainstTheNodes() {
    sim.silence("n5"); // really stops, just before the pause
    sim.ticker.advance(Duration.ofSeconds(8)); // the monitor is SIGSTOPped: nothing runs for 8 s
    sim.step();
    assertThat(sim.in(NodeState.DEAD)).as("right after the pause").isEmpty();
    sim.run(Duration.ofMillis(500));
    assertThat(sim.in(NodeState.DEAD)).isEmpty();
    // The node that really stopped is judged on what happened after the pause only.
    Duration dead = sim.until(() -> sim.state("n5") == NodeState.DEAD, Duration.ofSeconds(3));
    assertThat(sim.in(NodeState.DEAD)).containsExactly("n5");
    assertThat(dead).isPositive();
    await()
        .untilAsserted(
            () ->
                assertThat(events)
                    .filteredOn(ClusterEvent.MonitorPaused.class::isInstance)
                    .singleElement()
                    .extracting(e -> ((ClusterEvent.MonitorPaused) e).pause())
                    .isEqualTo(Duration.ofSeconds(8)));
  }

  @Test
  void nodesDyingTogetherWithUnequalHistoriesMeetTheBrakeBeforeAnyFailover() {
    sim.silence("n3");
    // n3's heartbeats are irregular (100 ms, 900 ms, ...): phi convicts it a second later than
    // the regular ones, after the failover delay; the failover waits while it is suspect.
    for (int i = 0; i < 40; i++) {
      sim.run(Duration.ofMillis(i % 2 == 0 ? 100 : 900));
      sim.monitor.heartbeat("n3");
    }
    long epoch = sim.monitor.routing().epoch();
    sim.silence("n1", "n2");
    sim.until(() -> sim.in(NodeState.DEAD).size() == 3, Duration.ofSeconds(5));
    sim.run(Duration.ofSeconds(10));
    assertThat(sim.monitor.status().brake()).isTrue();
    assertThat(sim.monitor.routing().epoch()).as("no failover before the brake").isEqualTo(epoch);
    await()
        .untilAsserted(
            () ->
                assertThat(events)
                    .filteredOn(ClusterEvent.Partitioned.class::isInstance)
                    .hasSize(1));
  }

  @Test
  void heartbeatsQueuedDuringAPauseAreNotTakenAsIntervals() {
    double before = sim.monitor.node("n1").orElseThrow().phi();
    sim.ticker.advance(Duration.ofSeconds(8));
    for (int i = 0; i < 5; i++) {
      sim.monitor.heartbeat("n1"); // the backlog, all at once
    }
    sim.run(Duration.ofSeconds(5));
    sim.silence("n1");
    sim.until(() -> sim.state("n1") == NodeState.DEAD, Duration.ofSeconds(5));
    NodeView n1 = sim.monitor.node("n1").orElseThrow();
    // the same detection time as without a pause: the burst left no short intervals behind
    assertThat(Duration.between(n1.lastHeartbeat().orElseThrow(), n1.since()))
        .isBetween(Duration.ofMillis(1500), Duration.ofMillis(1600));
    assertThat(before).isLessThan(1);
  }

  @Test
  void aJoiningNodeThatNeverBeatsTurnsDeadAfterJoinTimeout() {
    sim.monitor.join(NodeSpec.of("n6", "127.0.0.1:1"));
    Duration dead = sim.until(() -> sim.state("n6") == NodeState.DEAD, Duration.ofSeconds(15));
    assertThat(dead).as("joinTimeout").isBetween(Duration.ofSeconds(10), Duration.ofMillis(10_100));
    assertThat(sim.monitor.node("n6").orElseThrow().reason())
        .isEqualTo("no heartbeat within 10s of joining");
  }

  @Test
  void aDeadNodeThatBeatsAgainIsUp() {
    sim.silence("n2");
    sim.until(() -> sim.state("n2") == NodeState.DEAD, Duration.ofSeconds(5));
    sim.beat("n2", BEAT);
    sim.step();
    assertThat(sim.state("n2")).isEqualTo(NodeState.HEALTHY);
    await()
        .untilAsserted(
            () ->
                assertThat(events)
                    .filteredOn(ClusterEvent.NodeUp.class::isInstance)
                    .extracting(e -> ((ClusterEvent.NodeUp) e).node())
                    .containsExactly("n2"));
  }

  @Test
  void heartbeatsOfUnknownAndLeftNodes() {
    assertThat(sim.monitor.heartbeat("nobody")).isEmpty();
    sim.silence("n4");
    sim.monitor.leave("n4");
    assertThatThrownBy(() -> sim.monitor.heartbeat("n4"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("node n4 left; join it again to send heartbeats");
    sim.run(Duration.ofSeconds(10));
    assertThat(sim.state("n4")).isEqualTo(NodeState.LEFT);
    sim.monitor.join(NodeSpec.of("n4", "127.0.0.1:1"));
    sim.beat("n4", BEAT);
    sim.step();
    assertThat(sim.state("n4")).isEqualTo(NodeState.HEALTHY);
  }
}
