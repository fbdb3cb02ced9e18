package io.vigil.cluster.internal;

import io.vigil.cluster.ClusterSettings;
import io.vigil.cluster.ClusterStatus;
import io.vigil.cluster.NodeState;
import io.vigil.cluster.RoutingTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What readers see of the engine's state: shard counts per node, the cluster's status. */
final class Views {

  private Views() {}

  /** Per node id: {primaries, replicas} in {@code table}. */
  static Map<String, int[]> counts(RoutingTable table) {
    Map<String, int[]> counts = new HashMap<>();
    for (RoutingTable.ShardRoute route : table.shards()) {
      route.primary().ifPresent(p -> counts.computeIfAbsent(p, k -> new int[2])[0]++);
      route.replicas().forEach(r -> counts.computeIfAbsent(r, k -> new int[2])[1]++);
    }
    return counts;
  }

  static ClusterStatus status(
      ClusterSettings settings,
      Collection<NodeRecord> nodes,
      Router router,
      PauseDetector pauses,
      long discardedProbes,
      long droppedEvents,
      Optional<ClusterStatus.HookStatus> hook) {
    Map<NodeState, Integer> states = new EnumMap<>(NodeState.class);
    for (NodeState state : NodeState.values()) {
      states.put(state, 0);
    }
    Set<String> live = new HashSet<>();
    int voters = 0;
    int votersUp = 0;
    for (NodeRecord n : nodes) {
      states.merge(n.state, 1, Integer::sum);
      if (n.state.live()) {
        live.add(n.id());
      }
      if (n.spec.voter() && n.state != NodeState.LEFT) {
        voters++;
        votersUp += n.state.live() ? 1 : 0;
      }
    }
    RoutingTable table = router.table();
    List<Integer> unowned = new ArrayList<>();
    int underReplicated = 0;
    for (RoutingTable.ShardRoute route : table.shards()) {
      if (route.primary().filter(live::contains).isEmpty()) {
        unowned.add(route.shard());
      }
      if (route.copies().stream().filter(live::contains).count() < settings.replicationFactor()) {
        underReplicated++;
      }
    }
    return new ClusterStatus(
        table.epoch(),
        router.brake(),
        states,
        unowned,
        underReplicated,
        voters,
        votersUp,
        pauses.pauses(),
        Duration.ofNanos(pauses.longest()),
        router.moves(),
        discardedProbes,
        droppedEvents,
        hook);
  }
}
