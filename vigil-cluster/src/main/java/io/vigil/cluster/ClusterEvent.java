package io.vigil.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What happened in the cluster, delivered to each {@link ClusterListener} in order. Tiny records; a
 * switch over them is exhaustive.
 */
public sealed interface ClusterEvent {

  /** When it happened (wall time of the monitor's ticker). */
  Instant at();

  /** A node joined (from the configuration, the API or code). */
  record NodeJoined(NodeSpec node, Instant at) implements ClusterEvent {}

  /** A node left on purpose; it is never reported dead. */
  record NodeLeft(String node, Instant at) implements ClusterEvent {}

  /** Any change of a node's state, with the reason. */
  record NodeStateChanged(String node, NodeState from, NodeState to, String reason, Instant at)
      implements ClusterEvent {}

  /** A node was judged dead (after its {@link NodeStateChanged}). */
  record NodeDown(String node, String reason, Instant at) implements ClusterEvent {}

  /** A dead node answers again (after its {@link NodeStateChanged}). */
  record NodeUp(String node, Instant at) implements ClusterEvent {}

  /**
   * A shard moved in the routing table of {@code epoch}: its primary role ({@code primary}), or one
   * of its copies. {@code from} is empty for a copy that is new (a shard filled up again), and
   * {@code to} for one dropped without replacement (no node left to take it).
   */
  record ShardMoved(
      int shard,
      Optional<String> from,
      Optional<String> to,
      boolean primary,
      long epoch,
      Instant at)
      implements ClusterEvent {}

  /**
   * A new routing table, after its {@link ShardMoved} events.
   *
   * @param moves shard copies that changed node
   * @param cause {@code initial}, {@code failover}, {@code rebalance}
   */
  record RoutingChanged(long epoch, int moves, String cause, Instant at) implements ClusterEvent {}

  /**
   * The brake engaged: more than the threshold of the nodes died within the window, so the monitor
   * assumes it is the one cut off and freezes the routing table. Emitted once until {@link
   * PartitionHealed}.
   */
  record Partitioned(List<String> deadNodes, int members, Instant at) implements ClusterEvent {
    /** Copies the list. */
    public Partitioned {
      deadNodes = List.copyOf(deadNodes);
    }
  }

  /** The brake released: routing changes again. */
  record PartitionHealed(Instant at) implements ClusterEvent {}

  /**
   * The monitor itself was paused (its own wake-up came {@code pause} late): heartbeat windows were
   * shifted by it, and probes that timed out across it were not counted.
   */
  record MonitorPaused(Duration pause, Instant at) implements ClusterEvent {}
}
