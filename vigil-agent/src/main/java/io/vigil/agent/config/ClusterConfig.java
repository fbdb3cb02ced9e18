package io.vigil.agent.config;

import io.vigil.cluster.ClusterSettings;
import io.vigil.cluster.NodeSpec;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The {@code cluster:} section, validated.
 *
 * @param settings the detector, shards and placement rules
 * @param nodes the nodes that are members from the start
 * @param hookUrl where each new routing table is posted, if anywhere
 */
public record ClusterConfig(ClusterSettings settings, List<NodeSpec> nodes, Optional<URI> hookUrl) {

  /** Copies the nodes. */
  public ClusterConfig {
    nodes = List.copyOf(nodes);
  }
}
