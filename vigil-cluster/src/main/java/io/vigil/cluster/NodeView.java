package io.vigil.cluster;

import java.time.Instant;
import java.util.Optional;

/**
 * A node as the monitor sees it now.
 *
 * @param spec how it was declared
 * @param state its state
 * @param since when it entered the state
 * @param reason why it did, e.g. {@code 3 probes failed: connection refused}
 * @param phi the heartbeat detector's suspicion (0 with the probe detector)
 * @param lastHeartbeat the last sign of life: the last heartbeat, or the last successful probe
 * @param failures consecutive failed probes (0 with the heartbeat detector)
 * @param primaries shards it serves as primary in the current routing table
 * @param replicas shards it holds a replica of in the current routing table
 */
public record NodeView(
    NodeSpec spec,
    NodeState state,
    Instant since,
    String reason,
    double phi,
    Optional<Instant> lastHeartbeat,
    int failures,
    int primaries,
    int replicas) {

  /** The node's id. */
  public String id() {
    return spec.id();
  }
}
