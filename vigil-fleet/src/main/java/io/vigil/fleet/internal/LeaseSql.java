package io.vigil.fleet.internal;

import io.vigil.fleet.FleetConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The singleton leases' part of a renewal round: renew the ones held (same epoch, only while live),
 * take the free or expired ones with {@code nextval('fleet_epoch')}, read the live holders.
 */
final class LeaseSql {

  private final FleetConfig config;
  private final double ttlSeconds;

  LeaseSql(FleetConfig config) {
    this.config = config;
    this.ttlSeconds = config.ttl().toMillis() / 1000.0;
  }

  boolean renew(Connection c, String name, OptionalLong mine) throws SQLException {
    if (mine.isEmpty()) {
      return false;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE fleet_leases SET expires_at = "
                + Rounds.EXPIRES
                + " WHERE fleet = ? AND name = ? AND holder = ? AND epoch = ?"
                + " AND expires_at > now()")) {
      s.setDouble(1, ttlSeconds);
      s.setString(2, config.name());
      s.setString(3, name);
      s.setString(4, config.agentId());
      s.setLong(5, mine.getAsLong());
      return s.executeUpdate() == 1;
    }
  }

  /** Takes the lease when free or expired, or creates it; true when taken. */
  boolean take(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE fleet_leases SET holder = ?, epoch = nextval('fleet_epoch'), expires_at = "
                + Rounds.EXPIRES
                + " WHERE fleet = ? AND name = ? AND (holder IS NULL OR expires_at <= now())")) {
      s.setString(1, config.agentId());
      s.setDouble(2, ttlSeconds);
      s.setString(3, config.name());
      s.setString(4, name);
      if (s.executeUpdate() == 1) {
        return true;
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO fleet_leases (fleet, name, holder, epoch, expires_at)"
                + " SELECT ?, ?, ?, nextval('fleet_epoch'), "
                + Rounds.EXPIRES
                + " WHERE NOT EXISTS (SELECT 1 FROM fleet_leases WHERE fleet = ? AND name = ?)"
                + " ON CONFLICT DO NOTHING")) {
      s.setString(1, config.name());
      s.setString(2, name);
      s.setString(3, config.agentId());
      s.setDouble(4, ttlSeconds);
      s.setString(5, config.name());
      s.setString(6, name);
      return s.executeUpdate() == 1;
    }
  }

  Map<String, RoundResult.Holder> holders(Connection c, Collection<String> names)
      throws SQLException {
    Map<String, RoundResult.Holder> result = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT name, holder, epoch FROM fleet_leases WHERE fleet = ? AND name = ANY(?)"
                + " AND holder IS NOT NULL AND expires_at > now()")) {
      s.setString(1, config.name());
      s.setArray(2, c.createArrayOf("text", names.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          result.put(rs.getString(1), new RoundResult.Holder(rs.getString(2), rs.getLong(3)));
        }
      }
    }
    return result;
  }
}
