package io.vigil.agent;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.agent.config.ClusterConfig;
import io.vigil.cluster.ClusterEvent;
import io.vigil.cluster.ClusterHealth;
import io.vigil.cluster.ClusterMonitor;
import io.vigil.cluster.ClusterMonitorBuilder;
import io.vigil.cluster.ClusterSettings;
import io.vigil.cluster.ClusterStatus;
import io.vigil.cluster.DetectorSettings;
import io.vigil.cluster.NodeState;
import io.vigil.cluster.NodeView;
import io.vigil.core.Durations;
import io.vigil.core.Monitor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's cluster: the monitor of the {@code cluster:} section, its checks in the agent's
 * monitor (component {@code cluster}), its log lines, metrics and diagnostics.
 */
final class AgentCluster implements AutoCloseable {

  /** How often the cluster's checks read its state. */
  private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  private final ClusterMonitor cluster;
  private final ClusterHealth health;
  private final Map<String, Gauge> phi = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;

  private AgentCluster(ClusterMonitor cluster, ClusterHealth health) {
    this.cluster = cluster;
    this.health = health;
  }

  /** Starts watching the configured cluster; its checks go into {@code monitor}. */
  static AgentCluster start(ClusterConfig config, Monitor monitor) {
    ClusterMonitorBuilder builder = ClusterMonitor.builder().settings(config.settings());
    config.nodes().forEach(builder::node);
    config.hookUrl().ifPresent(url -> builder.routingHook(url, Duration.ofSeconds(1)));
    ClusterMonitor cluster = builder.build();
    cluster.subscribe(new ClusterLog());
    ClusterHealth health = ClusterHealth.register(monitor, cluster, CHECK_INTERVAL);
    AgentCluster agentCluster = new AgentCluster(cluster, health);
    cluster.start();
    return agentCluster;
  }

  ClusterMonitor monitor() {
    return cluster;
  }

  /**
   * {@code vigil_cluster_nodes{state}}, {@code vigil_cluster_phi{node}}, {@code
   * vigil_cluster_routing_epoch}, {@code vigil_cluster_brake} and {@code
   * vigil_cluster_shard_moves_total}, read at scrape time.
   */
  void bindMetrics(MeterRegistry value) {
    registry = value;
    for (NodeState state : NodeState.values()) {
      Gauge.builder("vigil.cluster.nodes", cluster, c -> c.status().nodes().get(state))
          .description("Cluster nodes in each state")
          .tag("state", state.json())
          .register(value);
    }
    Gauge.builder("vigil.cluster.routing.epoch", cluster, c -> c.routing().epoch())
        .description("Epoch of the current routing table")
        .register(value);
    Gauge.builder("vigil.cluster.brake", cluster, c -> c.status().brake() ? 1 : 0)
        .description("1 while the brake holds the routing table")
        .register(value);
    FunctionCounter.builder("vigil.cluster.shard.moves", cluster, c -> c.status().moves())
        .description("Shard copies moved to another node (failover and rebalancing)")
        .register(value);
    cluster.subscribe(this::followNodes);
    cluster.nodes().forEach(n -> phiGauge(n.id()));
  }

  private void followNodes(ClusterEvent event) {
    switch (event) {
      case ClusterEvent.NodeJoined e -> phiGauge(e.node().id());
      case ClusterEvent.NodeLeft e -> {
        Gauge gauge = phi.remove(e.node());
        if (gauge != null) {
          registry.remove(gauge);
        }
      }
      default -> {}
    }
  }

  private void phiGauge(String id) {
    phi.computeIfAbsent(
        id,
        n ->
            Gauge.builder(
                    "vigil.cluster.phi",
                    cluster,
                    c -> c.node(n).map(NodeView::phi).orElse(Double.NaN))
                .description("Suspicion of each node (phi accrual; 0 with the probe detector)")
                .tag("node", n)
                .register(registry));
  }

  /** The {@code cluster} section of {@code /diagnostics}. */
  Map<String, Object> diagnostics() {
    ClusterSettings s = cluster.settings();
    ClusterStatus status = cluster.status();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("detector", detector(s.detector()));
    json.put("shards", s.shards());
    json.put("replicationFactor", s.replicationFactor());
    json.put("rebalanceAfter", Durations.format(s.rebalanceAfter()));
    json.put("maxMovesPerMinute", s.maxMovesPerMinute());
    json.put("unhealthyThreshold", s.unhealthyThreshold());
    json.put("epoch", status.epoch());
    json.put("brake", status.brake());
    Map<String, Integer> nodes = new LinkedHashMap<>();
    status.nodes().forEach((state, count) -> nodes.put(state.json(), count));
    json.put("nodes", nodes);
    json.put("unownedShards", status.unownedShards().size());
    json.put("underReplicatedShards", status.underReplicated());
    json.put("quorum", status.quorum());
    json.put("pauses", status.pauses());
    json.put(
        "longestPause",
        Durations.format(status.longestPause().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
    json.put("moves", status.moves());
    json.put("discardedProbes", status.discardedProbes());
    json.put("droppedEvents", status.droppedEvents());
    status.hook().ifPresent(h -> json.put("hook", h));
    return json;
  }

  private static Map<String, Object> detector(DetectorSettings detector) {
    Map<String, Object> json = new LinkedHashMap<>();
    switch (detector) {
      case DetectorSettings.Probe p -> {
        json.put("type", "probe");
        json.put("interval", Durations.format(p.interval()));
        json.put("timeout", Durations.format(p.timeout()));
        json.put("retryInterval", Durations.format(p.retryInterval()));
        json.put("failureThreshold", p.failureThreshold());
      }
      case DetectorSettings.Heartbeat h -> {
        json.put("type", "heartbeat");
        json.put("interval", Durations.format(h.interval()));
        json.put("threshold", h.threshold());
        json.put("suspectThreshold", h.suspectThreshold());
        json.put("acceptableHeartbeatPause", Durations.format(h.acceptableHeartbeatPause()));
        json.put("minStdDeviation", Durations.format(h.minStdDeviation()));
        json.put("maxSampleSize", h.maxSampleSize());
      }
    }
    return json;
  }

  @Override
  public void close() {
    health.close();
    cluster.close();
  }
}
