package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.agent.config.ClusterConfig;
import io.vigil.cluster.ClusterSettings;
import io.vigil.cluster.DetectorSettings;
import io.vigil.cluster.NodeSpec;
import io.vigil.core.Monitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing epochs never go back when the agent restarts: the last one is kept on disk. */
class ClusterEpochTest {

  @TempDir Path dir;

  private long firstTable() {
    Monitor monitor = Monitor.builder().build();
    ClusterSettings d = ClusterSettings.defaults();
    ClusterSettings heartbeat =
        new ClusterSettings(
            DetectorSettings.heartbeat(),
            d.shards(),
            d.replicationFactor(),
            d.rebalanceAfter(),
            d.maxMovesPerMinute(),
            d.unhealthyThreshold(),
            d.brakeWindow(),
            d.failoverDelay(),
            d.joinTimeout(),
            d.tickInterval(),
            d.pauseThreshold());
    ClusterConfig config =
        new ClusterConfig(heartbeat, List.of(NodeSpec.of("n1", "10.0.0.1:1")), Optional.empty());
    try (AgentCluster cluster = AgentCluster.start(config, monitor, dir)) {
      cluster.monitor().heartbeat("n1");
      await().until(() -> cluster.monitor().routing().shards().size() == 64);
      long epoch = cluster.monitor().routing().epoch();
      await()
          .until(
              () ->
                  Files.exists(dir.resolve(AgentCluster.EPOCH_FILE))
                      && AgentCluster.lastEpoch(dir.resolve(AgentCluster.EPOCH_FILE)) == epoch);
      return epoch;
    } finally {
      monitor.stop();
    }
  }

  @Test
  void theFirstTableOfARestartedAgentHasAHigherEpoch() throws Exception {
    assertThat(firstTable()).isEqualTo(1);
    assertThat(firstTable()).isEqualTo(2);
    Files.writeString(dir.resolve(AgentCluster.EPOCH_FILE), "not a number");
    assertThat(firstTable()).as("an unreadable file starts over").isEqualTo(1);
  }
}
