package io.vigil.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.cluster.testing.FakeProber.Mode;
import io.vigil.cluster.testing.Sim;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cluster's checks in a monitor: per node, shards, replication, quorum. */
class ClusterHealthTest {

  private final Monitor monitor = Monitor.builder().build();

  @AfterEach
  void stop() {
    monitor.stop();
  }

  private Result run(String check) throws Exception {
    return monitor.runNow(check).get();
  }

  @Test
  void checksFollowTheClusterAndItsMembers() throws Exception {
    Sim sim = new Sim(Sim.builder().node(node("n1")).node(node("n2")).node(node("n3")));
    ClusterHealth health = ClusterHealth.register(monitor, sim.monitor, Duration.ofSeconds(1));
    assertThat(run("cluster.shards").status()).isEqualTo(Status.WARNING); // no table yet
    sim.until(() -> sim.monitor.routing().epoch() == 1, Duration.ofSeconds(1));
    assertThat(run("cluster.shards").status()).isEqualTo(Status.OK);
    assertThat(run("cluster.quorum").message()).isEqualTo("quorum: 3 of 3 voting nodes up");
    assertThat(run("cluster.node.n1").status()).isEqualTo(Status.OK);
    assertThat(monitor.snapshot().check("cluster.node.n1").orElseThrow().spec().component())
        .isEqualTo("cluster");

    sim.prober.set("n1", Mode.REFUSED).set("n2", Mode.REFUSED);
    sim.until(() -> sim.in(NodeState.DEAD).size() == 2, Duration.ofSeconds(10));
    Result n1 = run("cluster.node.n1");
    assertThat(n1.status()).isEqualTo(Status.CRITICAL);
    assertThat(n1.message()).startsWith("dead: 3 probes failed");
    assertThat(run("cluster.quorum").status()).isEqualTo(Status.CRITICAL);
    Result shards = run("cluster.shards");
    assertThat(shards.status()).isEqualTo(Status.CRITICAL);
    assertThat(shards.message()).contains("without a live primary").contains("brake");
    assertThat(monitor.snapshot().check("cluster.quorum").orElseThrow().spec().critical()).isTrue();

    sim.monitor.join(node("n4"));
    await().until(() -> monitor.snapshot().check("cluster.node.n4").isPresent());
    sim.monitor.leave("n4");
    await().until(() -> monitor.snapshot().check("cluster.node.n4").isEmpty());
    health.close();
    assertThat(monitor.snapshot().checks()).isEmpty();
  }

  private static NodeSpec node(String id) {
    return NodeSpec.of(id, "h:1").withHealthUrl(URI.create("http://127.0.0.1:1/"));
  }
}
