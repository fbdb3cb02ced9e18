package io.vigil.cluster;

import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Subscription;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The cluster's health as checks of a {@link Monitor}, all in component {@value #COMPONENT}: one
 * per node ({@code cluster.node.ID}: healthy OK, joining and suspect WARNING, dead CRITICAL), and
 * three for the cluster: {@code cluster.shards} (every shard has a live primary; critical), {@code
 * cluster.replication} (every shard has all its copies on live nodes) and {@code cluster.quorum} (a
 * majority of the voting nodes is up; critical). The checks only read the cluster monitor's state,
 * which carries the hysteresis already, so they judge every result at once (failure threshold 1).
 * Node checks follow joins and leaves.
 */
public final class ClusterHealth implements AutoCloseable {

  /** The component of every cluster check. */
  public static final String COMPONENT = "cluster";

  /** The prefix of node checks' names. */
  public static final String NODE_PREFIX = "cluster.node.";

  /** The names of the cluster-wide checks. */
  public static final List<String> CLUSTER_CHECKS =
      List.of("cluster.shards", "cluster.replication", "cluster.quorum");

  private final Monitor monitor;
  private final ClusterMonitor cluster;
  private final Duration interval;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final Subscription subscription;

  private ClusterHealth(Monitor monitor, ClusterMonitor cluster, Duration interval) {
    this.monitor = monitor;
    this.cluster = cluster;
    this.interval = interval;
    add(spec("cluster.shards", true), this::shards);
    add(spec("cluster.replication", false), this::replication);
    add(spec("cluster.quorum", true), this::quorum);
    subscription = cluster.subscribe(this::follow); // first, so that no join is missed
    cluster.nodes().stream().filter(n -> n.state() != NodeState.LEFT).forEach(n -> addNode(n.id()));
  }

  /**
   * Registers the cluster's checks in {@code monitor}, run every {@code interval} (1 s suits: a run
   * reads memory only).
   */
  public static ClusterHealth register(Monitor monitor, ClusterMonitor cluster, Duration interval) {
    return new ClusterHealth(monitor, cluster, interval);
  }

  private void follow(ClusterEvent event) {
    switch (event) {
      case ClusterEvent.NodeJoined e -> addNode(e.node().id());
      case ClusterEvent.NodeLeft e -> {
        if (registered.remove(NODE_PREFIX + e.node())) {
          monitor.unregister(NODE_PREFIX + e.node());
        }
      }
      default -> {}
    }
  }

  private void addNode(String id) {
    add(
        spec(NODE_PREFIX + id, false).toBuilder().description("cluster node " + id).build(),
        ctx -> node(id));
  }

  private void add(CheckSpec spec, HealthCheck check) {
    monitor.replace(spec, check); // registers, or replaces the check of a node that joined again
    registered.add(spec.name());
  }

  private CheckSpec spec(String name, boolean critical) {
    return CheckSpec.builder(name)
        .component(COMPONENT)
        .interval(interval)
        .timeout(interval)
        .retryInterval(interval)
        .jitter(Duration.ZERO)
        .failureThreshold(1)
        .critical(critical)
        .build();
  }

  private Result node(String id) {
    return cluster
        .node(id)
        .map(
            n -> {
              String message = n.state().json() + ": " + n.reason();
              Result result =
                  switch (n.state()) {
                    case HEALTHY, LEFT -> Result.ok(message);
                    case JOINING, SUSPECT -> Result.warning(message);
                    case DEAD -> Result.critical(message);
                  };
              return result
                  .withDetail("state", n.state().json())
                  .withDetail("since", n.since().toString())
                  .withDetail("phi", Math.round(n.phi() * 100) / 100.0)
                  .withDetail("primaries", n.primaries())
                  .withDetail("replicas", n.replicas());
            })
        .orElseGet(() -> Result.unknown("node " + id + " is not a member"));
  }

  private Result shards(io.vigil.core.CheckContext ctx) {
    ClusterStatus status = cluster.status();
    if (cluster.routing().shards().isEmpty()) {
      return Result.warning("no routing table yet: waiting for a verdict on every node");
    }
    List<Integer> unowned = status.unownedShards();
    Result result =
        unowned.isEmpty()
            ? Result.ok("every shard has a live primary (epoch " + status.epoch() + ")")
            : Result.critical(
                unowned.size()
                    + " shards without a live primary: "
                    + unowned.stream()
                        .limit(10)
                        .map(String::valueOf)
                        .collect(Collectors.joining(", "))
                    + (unowned.size() > 10 ? ", ..." : "")
                    + (status.brake() ? " (the brake holds the routing table)" : ""));
    return result
        .withDetail("epoch", status.epoch())
        .withDetail("unowned", unowned.size())
        .withDetail("brake", status.brake());
  }

  private Result replication(io.vigil.core.CheckContext ctx) {
    ClusterStatus status = cluster.status();
    int shards = cluster.settings().shards();
    int under = cluster.routing().shards().isEmpty() ? 0 : status.underReplicated();
    Result result =
        under == 0
            ? Result.ok(
                "every shard has " + cluster.settings().replicationFactor() + " live copies")
            : Result.warning(
                under
                    + " of "
                    + shards
                    + " shards have fewer live copies than "
                    + cluster.settings().replicationFactor());
    return result.withDetail("underReplicated", under);
  }

  private Result quorum(io.vigil.core.CheckContext ctx) {
    ClusterStatus status = cluster.status();
    String counts = status.votersUp() + " of " + status.voters() + " voting nodes up";
    Result result =
        status.quorum() ? Result.ok("quorum: " + counts) : Result.critical("no quorum: " + counts);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("voters", status.voters());
    details.put("up", status.votersUp());
    return result.withDetails(details);
  }

  /** Unregisters every check it registered. */
  @Override
  public void close() {
    subscription.close();
    for (String name : List.copyOf(registered)) {
      monitor.unregister(name);
      registered.remove(name);
    }
  }
}
