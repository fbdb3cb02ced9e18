package io.vigil.agent;

import io.vigil.cluster.ClusterEvent;
import io.vigil.cluster.ClusterListener;
import io.vigil.cluster.NodeState;
import io.vigil.core.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs cluster events as one {@code key=value} line each: node changes and new routing tables at
 * info (deaths, suspicions, the brake and the agent's own pauses at warn); single shard moves at
 * debug (a failover moves dozens).
 */
final class ClusterLog implements ClusterListener {

  private static final Logger LOG = LoggerFactory.getLogger("vigil.cluster");

  @Override
  public void onEvent(ClusterEvent event) {
    switch (event) {
      case ClusterEvent.NodeStateChanged e -> {
        String line =
            "event=cluster_node node="
                + e.node()
                + " from="
                + e.from().json()
                + " to="
                + e.to().json()
                + " reason=\""
                + Secrets.maskText(e.reason()).replace("\"", "'")
                + "\"";
        if (e.to() == NodeState.DEAD || e.to() == NodeState.SUSPECT) {
          LOG.warn(line);
        } else {
          LOG.info(line);
        }
      }
      case ClusterEvent.NodeJoined e ->
          LOG.info(
              "event=cluster_node_joined node={} address={} zone={}",
              e.node().id(),
              e.node().address(),
              e.node().zone());
      case ClusterEvent.NodeLeft e -> LOG.info("event=cluster_node_left node={}", e.node());
      case ClusterEvent.RoutingChanged e ->
          LOG.info(
              "event=cluster_routing epoch={} moves={} cause={}", e.epoch(), e.moves(), e.cause());
      case ClusterEvent.ShardMoved e ->
          LOG.debug(
              "event=cluster_shard_moved shard={} from={} to={} primary={} epoch={}",
              e.shard(),
              e.from().orElse("none"),
              e.to().orElse("none"),
              e.primary(),
              e.epoch());
      case ClusterEvent.Partitioned e ->
          LOG.warn(
              "event=cluster_partitioned dead={} members={} action=\"routing frozen until the"
                  + " condition clears\"",
              String.join(",", e.deadNodes()),
              e.members());
      case ClusterEvent.PartitionHealed e -> LOG.info("event=cluster_partition_healed");
      case ClusterEvent.MonitorPaused e ->
          LOG.warn(
              "event=cluster_monitor_paused pause_ms={} action=\"not held against the nodes\"",
              e.pause().toMillis());
      case ClusterEvent.NodeDown e -> {} // logged as its state change
      case ClusterEvent.NodeUp e -> {} // logged as its state change
    }
  }
}
