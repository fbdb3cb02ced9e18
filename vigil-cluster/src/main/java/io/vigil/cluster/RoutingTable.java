package io.vigil.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which node serves which shard: the primary and the replicas of every shard. Each change makes a
 * new table with a higher epoch. Before the first placement the table is empty, with the starting
 * epoch (0, or where an earlier run stopped, so epochs never go back); the monitor waits for a
 * first verdict on every node, so the first table is not lopsided.
 *
 * @param epoch the table's number; higher is newer
 * @param frozen whether the brake holds the table (too many nodes died at once)
 * @param at when the table was made
 * @param shards every shard, by number; empty before the first placement
 */
public record RoutingTable(long epoch, boolean frozen, Instant at, List<ShardRoute> shards) {

  /** Copies the shards. */
  public RoutingTable {
    shards = List.copyOf(shards);
  }

  /** The table before any placement, at {@code epoch}. */
  public static RoutingTable empty(long epoch, Instant at) {
    return new RoutingTable(epoch, false, at, List.of());
  }

  /** The primary of a shard, if it has one. */
  public Optional<String> primaryOf(int shard) {
    return shard >= 0 && shard < shards.size() ? shards.get(shard).primary() : Optional.empty();
  }

  /**
   * The shard of a key among {@code shardCount} shards: FNV-1a of its UTF-8 bytes, modulo the
   * count. Applications and the monitor agree on it, so any client can route a key.
   */
  public static int shardFor(String key, int shardCount) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return (int) Long.remainderUnsigned(hash, shardCount);
  }

  /** This table with the brake's flag set or cleared; same epoch, same routes. */
  public RoutingTable withFrozen(boolean value) {
    return new RoutingTable(epoch, value, at, shards);
  }

  /**
   * The table as JSON fields: {@code {"epoch": 7, "frozen": false, "shards": [{"shard": 0,
   * "primary": "n1", "replicas": ["n2"]}]}} (a shard without a primary has {@code null}).
   */
  public Map<String, Object> toMap() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("epoch", epoch);
    json.put("frozen", frozen);
    json.put("at", at.toString());
    List<Map<String, Object>> list = new ArrayList<>(shards.size());
    for (ShardRoute route : shards) {
      Map<String, Object> shard = new LinkedHashMap<>();
      shard.put("shard", route.shard());
      shard.put("primary", route.primary().orElse(null));
      shard.put("replicas", route.replicas());
      list.add(shard);
    }
    json.put("shards", list);
    return json;
  }

  /**
   * One shard's owners.
   *
   * @param shard its number
   * @param primary the node that serves it, if any
   * @param replicas the nodes holding copies, best first
   */
  public record ShardRoute(int shard, Optional<String> primary, List<String> replicas) {

    /** Copies the replicas. */
    public ShardRoute {
      replicas = List.copyOf(replicas);
    }

    /** Every node holding the shard, the primary first. */
    public List<String> copies() {
      List<String> all = new ArrayList<>(replicas.size() + 1);
      primary.ifPresent(all::add);
      all.addAll(replicas);
      return all;
    }
  }
}
