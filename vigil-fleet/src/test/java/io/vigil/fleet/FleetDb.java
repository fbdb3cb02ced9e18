package io.vigil.fleet;

import io.vigil.core.Ticker;
import io.vigil.store.Engine;
import io.vigil.store.Store;
import io.vigil.store.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A schema of its own in the machine's PostgreSQL, migrated by the store (V6 holds the fleet's
 * tables), and the fleets started on it, closed with it. Leases are short: ttl 1 s, renewed every
 * 250 ms, 300 ms of margin.
 */
final class FleetDb implements AutoCloseable {

  static final String FLEET = "test";
  static final Duration TTL = Duration.ofSeconds(1);
  static final Duration RENEW = Duration.ofMillis(250);
  static final Duration MARGIN = Duration.ofMillis(300);

  private final TestDatabase db;
  private final List<Fleet> fleets = new ArrayList<>();

  FleetDb() {
    db = TestDatabase.create(Engine.POSTGRESQL, null);
    Store.open(db.config()).close();
  }

  String url() {
    return db.url() + "&user=" + TestDatabase.PG_USER;
  }

  String urlOnPort(int port) {
    return db.urlOnPort(port) + "&user=" + TestDatabase.PG_USER;
  }

  static FleetConfig config(String agent) {
    return FleetConfig.of(FLEET, agent, "10.0.0.1:8080", "1.0").withTimings(TTL, RENEW, MARGIN);
  }

  Fleet start(String agent) {
    return start(config(agent), Ticker.system());
  }

  Fleet start(FleetConfig config, Ticker ticker) {
    return track(Fleet.start(url(), config, ticker));
  }

  Fleet track(Fleet fleet) {
    synchronized (fleets) {
      fleets.add(fleet);
    }
    return fleet;
  }

  Connection connect() throws SQLException {
    return db.connect();
  }

  /** One number from the database. */
  long query(String sql, Object... args) {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** Runs one statement with its arguments. */
  void update(String sql, Object... args) {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** Partitions with a live lease owned by the agent, by the database. */
  long ownedInDb(String agent) {
    return query(
        "SELECT count(*) FROM fleet_partitions WHERE fleet = ? AND owner = ?"
            + " AND expires_at > now()",
        FLEET,
        agent);
  }

  @Override
  public void close() {
    synchronized (fleets) {
      fleets.forEach(Fleet::close);
    }
    db.close();
  }
}
