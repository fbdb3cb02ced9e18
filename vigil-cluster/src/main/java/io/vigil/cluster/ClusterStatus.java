package io.vigil.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's health at a glance, for checks, metrics and diagnostics.
 *
 * @param epoch the routing table's epoch
 * @param brake whether the brake holds the routing table
 * @param nodes how many nodes are in each state
 * @param unownedShards shards whose primary is missing or not live (none before the first
 *     placement)
 * @param underReplicated shards with fewer live copies than the replication factor
 * @param voters voting nodes that have not left
 * @param votersUp of those, the healthy or suspect ones
 * @param pauses pauses of the monitor itself noticed so far
 * @param longestPause the longest of them
 * @param moves shard copies moved so far (failover and rebalancing)
 * @param discardedProbes probe timeouts not counted because the monitor was paused meanwhile
 * @param droppedEvents events dropped by listeners' full queues
 * @param hook the routing hook's deliveries, when there is one
 */
public record ClusterStatus(
    long epoch,
    boolean brake,
    Map<NodeState, Integer> nodes,
    List<Integer> unownedShards,
    int underReplicated,
    int voters,
    int votersUp,
    long pauses,
    Duration longestPause,
    long moves,
    long discardedProbes,
    long droppedEvents,
    Optional<HookStatus> hook) {

  /** Copies the collections. */
  public ClusterStatus {
    nodes = Map.copyOf(nodes);
    unownedShards = List.copyOf(unownedShards);
  }

  /**
   * The routing hook's deliveries.
   *
   * @param url where it posts (credentials masked)
   * @param deliveredEpoch the newest epoch the receiver accepted (or refused with a 4xx)
   * @param failures failed attempts so far
   * @param lastError the last failure, empty if none
   */
  public record HookStatus(String url, long deliveredEpoch, long failures, String lastError) {}

  /** Whether a strict majority of the voting nodes is up (true when there are no voters). */
  public boolean quorum() {
    return voters == 0 || votersUp * 2 > voters;
  }
}
