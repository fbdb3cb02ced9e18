package io.vigil.fleet.internal;

import io.vigil.fleet.FleetConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The SQL of a renewal round, all in one transaction so every time is the same {@code now()} of
 * PostgreSQL: renew (or register) the agent's lease, renew its partitions' leases, count the live
 * agents, claim free or expired partitions up to the fair share ({@code FOR UPDATE SKIP LOCKED},
 * each with {@code nextval('fleet_epoch')}), renew or take the singleton leases, read the agents.
 * Releasing extra partitions is a second transaction ({@link #release}), after the agent dropped
 * them locally.
 */
final class Rounds {

  static final String EXPIRES = "now() + make_interval(secs => ?)";

  private final FleetConfig config;
  private final String session;
  private final Weights weights;
  private final double ttlSeconds;
  private final LeaseSql leaseSql;

  Rounds(FleetConfig config, String session, Weights weights) {
    this.config = config;
    this.session = session;
    this.weights = weights;
    this.ttlSeconds = config.ttl().toMillis() / 1000.0;
    this.leaseSql = new LeaseSql(config);
  }

  /**
   * One round.
   *
   * @param leases my epoch of each singleton lease I compete for (empty when not holding it)
   * @throws RoundRefused when another live process holds this agent id, or the fleet's partition
   *     count differs from this agent's
   */
  RoundResult run(Connection c, Map<String, OptionalLong> leases) throws SQLException {
    if (!renewAgent(c)) {
      register(c);
    }
    Map<Integer, Long> owned = renewPartitions(c);
    int live = liveAgents(c);
    long total = weights.total();
    long share = (total + live - 1) / live;
    int takeovers = 0;
    long mine = weights.of(owned.keySet());
    if (mine < share) {
      Map<Integer, Long> claimed = claim(c, share - mine);
      owned.putAll(claimed);
      takeovers += claimed.size();
    }
    Map<String, RoundResult.Holder> holders = new HashMap<>();
    if (!leases.isEmpty()) {
      for (Map.Entry<String, OptionalLong> e : leases.entrySet()) {
        if (!leaseSql.renew(c, e.getKey(), e.getValue()) && leaseSql.take(c, e.getKey())) {
          takeovers++;
        }
      }
      holders = leaseSql.holders(c, leases.keySet());
    }
    return new RoundResult(owned, live, share, takeovers, holders, Peers.read(c, config.name()));
  }

  private boolean renewAgent(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE fleet_agents SET renewed_at = now(), expires_at = "
                + EXPIRES
                + ", address = ?, version = ? WHERE fleet = ? AND agent = ? AND session = ?"
                + " AND expires_at > now()")) {
      s.setDouble(1, ttlSeconds);
      s.setString(2, config.address());
      s.setString(3, config.version());
      s.setString(4, config.name());
      s.setString(5, config.agentId());
      s.setString(6, session);
      return s.executeUpdate() == 1;
    }
  }

  /** Registers (again): only over an expired row, so a live process keeps its id. */
  private void register(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO fleet_agents (fleet, agent, session, address, version, started_at,"
                + " renewed_at, expires_at) VALUES (?, ?, ?, ?, ?, now(), now(), "
                + EXPIRES
                + ") ON CONFLICT (fleet, agent) DO UPDATE SET session = EXCLUDED.session,"
                + " address = EXCLUDED.address, version = EXCLUDED.version,"
                + " started_at = EXCLUDED.started_at, renewed_at = EXCLUDED.renewed_at,"
                + " expires_at = EXCLUDED.expires_at WHERE fleet_agents.expires_at <= now()")) {
      s.setString(1, config.name());
      s.setString(2, config.agentId());
      s.setString(3, session);
      s.setString(4, config.address());
      s.setString(5, config.version());
      s.setDouble(6, ttlSeconds);
      if (s.executeUpdate() == 0) {
        throw new RoundRefused(inUse(c));
      }
    }
    ensurePartitions(c);
  }

  private String inUse(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT EXTRACT(EPOCH FROM (expires_at - now())) FROM fleet_agents"
                + " WHERE fleet = ? AND agent = ?")) {
      s.setString(1, config.name());
      s.setString(2, config.agentId());
      try (ResultSet rs = s.executeQuery()) {
        double left = rs.next() ? rs.getDouble(1) : 0;
        return String.format(
            Locale.ROOT,
            "agent id '%s' is in use by another live process in fleet '%s' (its lease expires"
                + " in %.1f s)",
            config.agentId(),
            config.name(),
            left);
      }
    }
  }

  /** Creates the fleet's partitions the first time; refuses a different partition count. */
  private void ensurePartitions(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO fleet_partitions (fleet, partition) SELECT ?, g FROM"
                + " generate_series(0, ? - 1) g WHERE NOT EXISTS (SELECT 1 FROM fleet_partitions"
                + " WHERE fleet = ?) ON CONFLICT DO NOTHING")) {
      s.setString(1, config.name());
      s.setInt(2, config.partitions());
      s.setString(3, config.name());
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement("SELECT count(*) FROM fleet_partitions WHERE fleet = ?")) {
      s.setString(1, config.name());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        int n = rs.getInt(1);
        if (n != config.partitions()) {
          throw new RoundRefused(
              "fleet '"
                  + config.name()
                  + "' has "
                  + n
                  + " partitions in the database, but fleet.partitions is "
                  + config.partitions()
                  + " (every agent of a fleet needs the same count)");
        }
      }
    }
  }

  private Map<Integer, Long> renewPartitions(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE fleet_partitions SET expires_at = "
                + EXPIRES
                + " WHERE fleet = ? AND owner = ? AND expires_at > now()"
                + " RETURNING partition, epoch")) {
      s.setDouble(1, ttlSeconds);
      s.setString(2, config.name());
      s.setString(3, config.agentId());
      return partitions(s);
    }
  }

  private int liveAgents(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT count(*) FROM fleet_agents WHERE fleet = ? AND expires_at > now()")) {
      s.setString(1, config.name());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return Math.max(1, rs.getInt(1));
      }
    }
  }

  /**
   * Claims free or expired partitions weighing up to {@code needed} (mine first, after a lapse;
   * then by number), each anew: locked with {@code FOR UPDATE SKIP LOCKED}, so two agents never
   * claim the same one.
   */
  private Map<Integer, Long> claim(Connection c, long needed) throws SQLException {
    List<Integer> chosen = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT partition FROM fleet_partitions WHERE fleet = ?"
                + " AND (owner IS NULL OR expires_at <= now())"
                + " ORDER BY (owner IS NOT DISTINCT FROM ?) DESC, partition"
                + " FOR UPDATE SKIP LOCKED")) {
      s.setString(1, config.name());
      s.setString(2, config.agentId());
      try (ResultSet rs = s.executeQuery()) {
        long taken = 0;
        while (taken < needed && rs.next()) {
          int partition = rs.getInt(1);
          chosen.add(partition);
          taken += weights.of(partition);
        }
      }
    }
    if (chosen.isEmpty()) {
      return new HashMap<>();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE fleet_partitions SET owner = ?, epoch = nextval('fleet_epoch'), expires_at = "
                + EXPIRES
                + " WHERE fleet = ? AND partition = ANY(?)"
                + " RETURNING partition, epoch")) {
      s.setString(1, config.agentId());
      s.setDouble(2, ttlSeconds);
      s.setString(3, config.name());
      s.setArray(4, c.createArrayOf("int4", chosen.toArray()));
      return partitions(s);
    }
  }

  private static Map<Integer, Long> partitions(PreparedStatement s) throws SQLException {
    Map<Integer, Long> result = new HashMap<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        result.put(rs.getInt(1), rs.getLong(2));
      }
    }
    return result;
  }

  /** Releases the partitions (a peer claims each with a new epoch); how many were released. */
  int release(Connection c, Collection<Integer> partitions) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE fleet_partitions SET owner = NULL, expires_at = now() WHERE fleet = ?"
                + " AND owner = ? AND partition = ANY(?) AND expires_at > now()")) {
      s.setString(1, config.name());
      s.setString(2, config.agentId());
      s.setArray(3, c.createArrayOf("int4", partitions.toArray()));
      return s.executeUpdate();
    }
  }

  /**
   * Leaves the fleet (close): releases every partition and singleton lease and expires the agent's
   * lease, if this process still holds the id. Deletes nothing.
   *
   * @return partitions released
   */
  int leave(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE fleet_agents SET expires_at = now() WHERE fleet = ? AND agent = ?"
                + " AND session = ? AND expires_at > now()")) {
      s.setString(1, config.name());
      s.setString(2, config.agentId());
      s.setString(3, session);
      if (s.executeUpdate() == 0) {
        return 0; // lapsed, or another process holds the id now: nothing of mine is live
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE fleet_leases SET holder = NULL, expires_at = now() WHERE fleet = ?"
                + " AND holder = ? AND expires_at > now()")) {
      s.setString(1, config.name());
      s.setString(2, config.agentId());
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE fleet_partitions SET owner = NULL, expires_at = now() WHERE fleet = ?"
                + " AND owner = ? AND expires_at > now()")) {
      s.setString(1, config.name());
      s.setString(2, config.agentId());
      return s.executeUpdate();
    }
  }
}
