package io.vigil.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ClusterMonitor} judges nodes and places shards. Build one with {@link
 * ClusterMonitor#builder()}; invalid values throw {@link IllegalArgumentException} naming the
 * field.
 *
 * @param detector probe or heartbeat, with its timings
 * @param shards number of shards, numbered from 0
 * @param replicationFactor copies of each shard (the primary included), on different nodes
 * @param rebalanceAfter how long a returning or new node must stay up before shards move to it
 * @param maxMovesPerMinute shard copies that rebalancing may move per minute (failover is never
 *     held back by it)
 * @param unhealthyThreshold the brake: when more than this fraction of the nodes turned dead within
 *     {@code brakeWindow}, the routing table is frozen (Kubernetes' 0.55)
 * @param brakeWindow the window of the brake
 * @param failoverDelay how long a dead node keeps its shards, so that nodes failing together are
 *     seen together by the brake; longer while another node is suspect (up to 5 times as long)
 * @param joinTimeout how long a node that joined may go without a first answer or heartbeat before
 *     it is dead (nodes may start after the monitor)
 * @param tickInterval how often the monitor wakes to judge, probe and place
 * @param pauseThreshold a wake-up later than this is a pause of the monitor itself (GC, SIGSTOP,
 *     CPU starvation): the missed time is not held against the nodes
 */
public record ClusterSettings(
    DetectorSettings detector,
    int shards,
    int replicationFactor,
    Duration rebalanceAfter,
    int maxMovesPerMinute,
    double unhealthyThreshold,
    Duration brakeWindow,
    Duration failoverDelay,
    Duration joinTimeout,
    Duration tickInterval,
    Duration pauseThreshold) {

  /** Default number of shards. */
  public static final int DEFAULT_SHARDS = 64;

  /** Default copies per shard. */
  public static final int DEFAULT_REPLICATION_FACTOR = 2;

  /** Default time a node must be up before shards move back to it. */
  public static final Duration DEFAULT_REBALANCE_AFTER = Duration.ofSeconds(60);

  /** Default rebalancing rate. */
  public static final int DEFAULT_MAX_MOVES_PER_MINUTE = 60;

  /** Default brake threshold, as Kubernetes' {@code unhealthyZoneThreshold}. */
  public static final double DEFAULT_UNHEALTHY_THRESHOLD = 0.55;

  /** Default brake window. */
  public static final Duration DEFAULT_BRAKE_WINDOW = Duration.ofSeconds(30);

  /** Default delay before a dead node's shards move. */
  public static final Duration DEFAULT_FAILOVER_DELAY = Duration.ofSeconds(1);

  /** Default wait for a joined node's first answer or heartbeat. */
  public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(10);

  /** Default wake-up interval. */
  public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofMillis(100);

  /** Default lateness that counts as a pause. */
  public static final Duration DEFAULT_PAUSE_THRESHOLD = Duration.ofMillis(500);

  /** The most shards. */
  public static final int MAX_SHARDS = 65_536;

  /** Validates every field. */
  public ClusterSettings {
    Objects.requireNonNull(detector, "detector");
    if (shards < 1 || shards > MAX_SHARDS) {
      throw new IllegalArgumentException(
          "shards: must be between 1 and " + MAX_SHARDS + ", but was " + shards);
    }
    if (replicationFactor < 1 || replicationFactor > 16) {
      throw new IllegalArgumentException(
          "replicationFactor: must be between 1 and 16, but was " + replicationFactor);
    }
    Settings.notNegative("rebalanceAfter", rebalanceAfter);
    if (maxMovesPerMinute < 1) {
      throw new IllegalArgumentException(
          "maxMovesPerMinute: must be at least 1, but was " + maxMovesPerMinute);
    }
    if (!(unhealthyThreshold > 0) || unhealthyThreshold > 1) {
      throw new IllegalArgumentException(
          "unhealthyThreshold: must be above 0% and at most 100%, but was "
              + unhealthyThreshold * 100
              + "%");
    }
    Settings.positive("brakeWindow", brakeWindow);
    Settings.notNegative("failoverDelay", failoverDelay);
    Settings.positive("joinTimeout", joinTimeout);
    Settings.positive("tickInterval", tickInterval);
    Settings.positive("pauseThreshold", pauseThreshold);
  }

  /** Every default, with the probe detector. */
  public static ClusterSettings defaults() {
    return new ClusterSettings(
        DetectorSettings.probe(),
        DEFAULT_SHARDS,
        DEFAULT_REPLICATION_FACTOR,
        DEFAULT_REBALANCE_AFTER,
        DEFAULT_MAX_MOVES_PER_MINUTE,
        DEFAULT_UNHEALTHY_THRESHOLD,
        DEFAULT_BRAKE_WINDOW,
        DEFAULT_FAILOVER_DELAY,
        DEFAULT_JOIN_TIMEOUT,
        DEFAULT_TICK_INTERVAL,
        DEFAULT_PAUSE_THRESHOLD);
  }

  /** Whether nodes push heartbeats (rather than being probed). */
  public boolean heartbeats() {
    return detector instanceof DetectorSettings.Heartbeat;
  }
}
