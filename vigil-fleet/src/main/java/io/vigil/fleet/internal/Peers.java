package io.vigil.fleet.internal;

import io.vigil.core.Subscription;
import io.vigil.fleet.FleetAgent;
import io.vigil.fleet.PeerEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fleet's agents as the last round read them, and the peer events: {@link PeerEvent.Dead} once
 * when a peer seen alive is not, {@link PeerEvent.Back} once when a peer seen dead is alive again.
 * A peer first seen dead (it died before this agent started) fires nothing until it comes back.
 */
public final class Peers {

  private final String me;
  private final Events events;
  private final List<Events.Sub<PeerEvent>> listeners = Events.listeners();
  private final Map<String, Boolean> alive = new HashMap<>(); // guarded by this
  private volatile List<FleetAgent> last = List.of();

  public Peers(String me, Events events) {
    this.me = me;
    this.events = events;
  }

  /** Every agent of the fleet, by id, with lease ages and liveness by PostgreSQL's clock. */
  public static List<FleetAgent> read(Connection c, String fleet) throws SQLException {
    List<FleetAgent> agents = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT a.agent, a.address, a.version, a.started_at,"
                + " (EXTRACT(EPOCH FROM (now() - a.renewed_at)) * 1000)::bigint,"
                + " a.expires_at > now(),"
                + " (SELECT count(*) FROM fleet_partitions p WHERE p.fleet = a.fleet"
                + " AND p.owner = a.agent AND p.expires_at > now())"
                + " FROM fleet_agents a WHERE a.fleet = ? ORDER BY a.agent")) {
      s.setString(1, fleet);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          agents.add(
              new FleetAgent(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getObject(4, OffsetDateTime.class).toInstant(),
                  Duration.ofMillis(Math.max(0, rs.getLong(5))),
                  rs.getBoolean(6),
                  rs.getInt(7)));
        }
      }
    }
    return List.copyOf(agents);
  }

  /** The agents as last read. */
  public List<FleetAgent> last() {
    return last;
  }

  /** Takes a new reading, emitting the peers' deaths and returns. */
  public synchronized void update(List<FleetAgent> agents) {
    last = agents;
    for (FleetAgent a : agents) {
      if (a.id().equals(me)) {
        continue;
      }
      Boolean before = alive.put(a.id(), a.alive());
      if (before == null || before == a.alive()) {
        continue;
      }
      events.emit(listeners, a.alive() ? new PeerEvent.Back(a) : new PeerEvent.Dead(a));
    }
  }

  /** Subscribes to peer events. */
  public synchronized Subscription subscribe(Consumer<PeerEvent> listener) {
    return events.add(listeners, listener, null);
  }
}
