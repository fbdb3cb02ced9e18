package io.vigil.fleet.internal;

import io.vigil.fleet.FleetAgent;
import java.util.List;
import java.util.Map;

/**
 * What one renewal round found, by the database: the partitions this agent owns after it (epoch by
 * partition), the live agents and the weight each should own ({@link Weights}), how many partitions
 * and leases it took, the singleton leases' live holders, and every agent of the fleet.
 */
record RoundResult(
    Map<Integer, Long> owned,
    int live,
    long share,
    int takeovers,
    Map<String, Holder> leases,
    List<FleetAgent> agents) {

  /** A singleton lease's live holder and epoch. */
  record Holder(String agent, long epoch) {}
}
