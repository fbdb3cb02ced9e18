package io.vigil.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cluster.testing.FakeProber.Mode;
import io.vigil.cluster.testing.Sim;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe detector with seed 003's defaults, on a fake clock. */
class ProbeDetectorTest {

  private static final Duration TICK = ClusterSettings.DEFAULT_TICK_INTERVAL;
  private final DetectorSettings.Probe probe = DetectorSettings.probe();
  private Sim sim;

  static NodeSpec node(String id) {
    return NodeSpec.of(id, "127.0.0.1:1").withHealthUrl(URI.create("http://127.0.0.1:1/health"));
  }

  @BeforeEach
  void healthyCluster() {
    sim = new Sim(Sim.builder().node(node("n1")).node(node("n2")).node(node("n3")));
    sim.until(() -> sim.monitor.routing().epoch() == 1, Duration.ofSeconds(1));
    assertThat(sim.in(NodeState.HEALTHY)).containsExactlyInAnyOrder("n1", "n2", "n3");
  }

  @Test
  void aCrashedNodeIsDeadWithinAnIntervalAndTwoRetries() {
    sim.prober.set("n2", Mode.REFUSED);
    Duration took = sim.until(() -> sim.state("n2") == NodeState.DEAD, Duration.ofSeconds(30));
    assertThat(probe.crashDetection()).isEqualTo(Duration.ofSeconds(7));
    assertThat(took)
        .isLessThanOrEqualTo(probe.crashDetection().plus(TICK))
        .isGreaterThanOrEqualTo(probe.retryInterval().multipliedBy(2));
    assertThat(sim.monitor.node("n2").orElseThrow().reason())
        .isEqualTo("3 probes failed in a row, the last: connection refused");
  }

  @Test
  void aHungNodeIsDeadWithinTenSecondsAsTheSeedAsks() {
    sim.prober.set("n2", Mode.HUNG);
    Duration took = sim.until(() -> sim.state("n2") == NodeState.DEAD, Duration.ofSeconds(30));
    // interval + timeout (the first failure) + a retry + a timeout: probes overlap while failing
    assertThat(took).isLessThanOrEqualTo(Duration.ofSeconds(10).plus(TICK.multipliedBy(2)));
    assertThat(sim.monitor.node("n2").orElseThrow().reason()).endsWith("timed out after 2s");
  }

  @Test
  void theFirstFailureMakesANodeSuspectAndProbesEveryOtherNodeAtOnce() {
    sim.prober.set("n1", Mode.REFUSED);
    int n2;
    int n3;
    do {
      n2 = sim.prober.probes("n2");
      n3 = sim.prober.probes("n3");
      sim.step();
    } while (sim.state("n1") != NodeState.SUSPECT);
    // the regular probes are 5 s apart; the sweep probed them in the same wake-up
    assertThat(sim.prober.probes("n2")).isEqualTo(n2 + 1);
    assertThat(sim.prober.probes("n3")).isEqualTo(n3 + 1);
  }

  @Test
  void aNodeThatAnswersAgainIsHealthyAndNeverDead() {
    sim.prober.set("n2", Mode.REFUSED);
    sim.until(() -> sim.state("n2") == NodeState.SUSPECT, Duration.ofSeconds(10));
    sim.prober.set("n2", Mode.UP);
    sim.until(() -> sim.state("n2") == NodeState.HEALTHY, Duration.ofSeconds(3));
    assertThat(sim.monitor.node("n2").orElseThrow().failures()).isZero();
  }

  @Test
  void aNodeThatLeftIsNeverReportedDead() {
    NodeView left = sim.monitor.leave("n2").orElseThrow();
    assertThat(left.state()).isEqualTo(NodeState.LEFT);
    sim.prober.set("n2", Mode.REFUSED);
    sim.run(Duration.ofSeconds(30));
    assertThat(sim.state("n2")).isEqualTo(NodeState.LEFT);
    assertThat(sim.monitor.routing().shards())
        .allSatisfy(s -> assertThat(s.copies()).doesNotContain("n2"));
    assertThat(sim.monitor.leave("nobody")).isEmpty();
  }

  @Test
  void aProbeThatTimedOutAcrossAPauseOfTheMonitorIsNotCounted() {
    sim.prober.set("n1", Mode.HUNG);
    sim.until(() -> sim.prober.probes("n1") > 1, Duration.ofSeconds(10)); // one hangs now
    sim.ticker.advance(Duration.ofSeconds(8)); // the monitor is stopped: no tick for 8 s
    sim.step();
    ClusterStatus status = sim.monitor.status();
    assertThat(status.pauses()).isEqualTo(1);
    assertThat(status.longestPause()).isGreaterThanOrEqualTo(Duration.ofSeconds(8));
    assertThat(status.discardedProbes()).isPositive();
    assertThat(sim.monitor.node("n1").orElseThrow().failures()).isZero();
    // Evidence gathered after the pause counts as usual.
    sim.until(() -> sim.state("n1") == NodeState.DEAD, Duration.ofSeconds(12));
  }

  @Test
  void aHeartbeatIsRefusedWithTheProbeDetector() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sim.monitor.heartbeat("n1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the detector is probe");
    assertThat(sim.monitor.heartbeat("nobody")).isEmpty();
  }
}
