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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's cluster: the monitor of the {@code cluster:} section, its checks in the agent's
 * monitor (component {@code cluster}), its log lines, metrics and diagnostics. The last routing
 * epoch is kept in the data directory ({@value #EPOCH_FILE}), so epochs never go back across
 * restarts: receivers of the routing hook that ignore old epochs stay right.
 */
final class AgentCluster implements AutoCloseable {

  /** The file in the data directory that holds the last routing epoch. */
  static final String EPOCH_FILE = "cluster-epoch";

  private static final Logger LOG = LoggerFactory.getLogger("vigil.cluster");

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

  /**
   * Starts watching the configured cluster; its checks go into {@code monitor}, its last epoch into
   * {@code directory}.
   */
  static AgentCluster start(ClusterConfig config, Monitor monitor, Path directory) {
    Path epochFile = directory.resolve(EPOCH_FILE);
    ClusterMonitorBuilder builder =
        ClusterMonitor.builder().settings(config.settings()).firstEpoch(lastEpoch(epochFile));
    config.nodes().forEach(builder::node);
    config.hookUrl().ifPresent(url -> builder.routingHook(url, Duration.ofSeconds(1)));
    ClusterMonitor cluster = builder.build();
    cluster.subscribe(new ClusterLog());
    cluster.subscribe(
        event -> {
          if (event instanceof ClusterEvent.RoutingChanged changed) {
            saveEpoch(epochFile, changed.epoch());
          }
        });
    ClusterHealth health = ClusterHealth.register(monitor, cluster, CHECK_INTERVAL);
    AgentCluster agentCluster = new AgentCluster(cluster, health);
    cluster.start();
    return agentCluster;
  }

  ClusterMonitor monitor() {
    return cluster;
  }

  /** The epoch an earlier run saved; 0 when none (or unreadable: said in the log). */
  static long lastEpoch(Path file) {
    if (!Files.exists(file)) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      LOG.warn("event=cluster_epoch_unreadable file={} error=\"{}\" epoch=0", file, e.toString());
      return 0;
    }
  }

  private static void saveEpoch(Path file, long epoch) {
    try {
      Files.createDirectories(file.getParent());
      Path next = file.resolveSibling(EPOCH_FILE + ".tmp");
      Files.writeString(next, epoch + "\n");
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("event=cluster_epoch_not_saved file={} error=\"{}\"", file, e.toString());
    }
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
