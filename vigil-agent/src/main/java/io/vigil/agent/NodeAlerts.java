package io.vigil.agent;

import io.vigil.alerts.AlertKind;
import io.vigil.alerts.Alerts;
import io.vigil.alerts.Severity;
import io.vigil.alerts.Signal;
import io.vigil.cluster.ClusterEvent;
import io.vigil.cluster.ClusterListener;
import io.vigil.cluster.NodeState;
import java.util.Map;

/**
 * Cluster nodes as alerts: a node judged dead opens a critical {@code node_dead} alert (labels
 * {@code node} and {@code component: cluster}); the node answering again, or leaving gracefully,
 * resolves it.
 */
final class NodeAlerts implements ClusterListener {

  private final Alerts alerts;

  NodeAlerts(Alerts alerts) {
    this.alerts = alerts;
  }

  @Override
  public void onEvent(ClusterEvent event) {
    switch (event) {
      case ClusterEvent.NodeDown down ->
          alerts.signal(
              Signal.open(
                  AlertKind.NODE_DEAD,
                  labels(down.node()),
                  Severity.CRITICAL,
                  "cluster node " + down.node() + " is dead: " + down.reason(),
                  down.at()));
      case ClusterEvent.NodeUp up ->
          alerts.signal(
              Signal.resolve(
                  AlertKind.NODE_DEAD,
                  labels(up.node()),
                  "cluster node " + up.node() + " answers again",
                  up.at()));
      case ClusterEvent.NodeStateChanged changed when changed.to() == NodeState.LEFT ->
          alerts.signal(
              Signal.resolve(
                  AlertKind.NODE_DEAD,
                  labels(changed.node()),
                  "cluster node " + changed.node() + " left",
                  changed.at()));
      default -> {}
    }
  }

  private static Map<String, String> labels(String node) {
    return Map.of("node", node, "component", "cluster");
  }
}
