package io.vigil.agent.config;

import io.vigil.fleet.FleetConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code fleet:} section, validated.
 *
 * @param name the fleet's name
 * @param id this agent's id, when set (else the node's id)
 * @param address where this agent is reached, when set (else from the server's host and port)
 * @param ttl the agent's lease
 * @param renewEvery time between renewals
 * @param safetyMargin how long before a possible expiry the agent stops acting
 * @param partitions how many partitions the checks are spread over
 */
public record FleetSettings(
    String name,
    Optional<String> id,
    Optional<String> address,
    Duration ttl,
    Duration renewEvery,
    Duration safetyMargin,
    int partitions) {

  /** The fleet's configuration for an agent of this node id, address and version. */
  public FleetConfig config(String nodeId, String defaultAddress, String version) {
    return new FleetConfig(
        name,
        id.orElse(nodeId),
        address.orElse(defaultAddress),
        version,
        ttl,
        renewEvery,
        safetyMargin,
        partitions);
  }
}
