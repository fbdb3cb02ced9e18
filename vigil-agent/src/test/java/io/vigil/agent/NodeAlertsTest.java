package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerts.AlertSettings;
import io.vigil.alerts.AlertView;
import io.vigil.alerts.Alerts;
import io.vigil.cluster.ClusterEvent;
import io.vigil.cluster.NodeState;
import io.vigil.core.testing.FakeTicker;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dead cluster node is a critical alert until it answers again or leaves. */
class NodeAlertsTest {

  private final FakeTicker ticker = new FakeTicker();
  private final Alerts alerts = Alerts.builder(AlertSettings.of(List.of())).ticker(ticker).build();
  private final NodeAlerts nodes = new NodeAlerts(alerts);

  private List<AlertView> firing() {
    return alerts.alerts().stream().filter(v -> v.state().equals("firing")).toList();
  }

  @Test
  void aDeadNodeFires_andResolvesWhenItAnswersAgainOrLeaves() {
    Instant at = ticker.wallTime();
    nodes.onEvent(new ClusterEvent.NodeDown("n2", "3 probes failed", at));
    nodes.onEvent(new ClusterEvent.NodeDown("n3", "connection refused", at));
    assertThat(firing()).hasSize(2);
    AlertView n2 =
        firing().stream()
            .filter(v -> v.alert().labels().get("node").equals("n2"))
            .findFirst()
            .orElseThrow();
    assertThat(n2.alert().labels())
        .containsEntry("component", "cluster")
        .containsEntry("severity", "critical")
        .containsEntry("alertname", "NodeDead");

    nodes.onEvent(new ClusterEvent.NodeUp("n2", at));
    nodes.onEvent(
        new ClusterEvent.NodeStateChanged("n3", NodeState.DEAD, NodeState.LEFT, "left", at));
    nodes.onEvent(
        new ClusterEvent.NodeStateChanged("n1", NodeState.HEALTHY, NodeState.SUSPECT, "late", at));
    assertThat(firing()).isEmpty();
    alerts.close();
  }
}
