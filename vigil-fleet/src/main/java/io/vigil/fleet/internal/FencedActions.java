package io.vigil.fleet.internal;

import io.vigil.fleet.Fence;
import io.vigil.fleet.FleetConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@link Fence} on the fleet's tables: each grant is one transaction that locks the lease's row
 * ({@code FOR SHARE}, so no takeover commits meanwhile), checks holder, epoch and expiry by
 * PostgreSQL's clock, counts the target's restarts under its row lock ({@code FOR UPDATE}), and
 * records the action; it rolls back when the agent stopped acting meanwhile.
 */
public final class FencedActions implements Fence {

  private final Db db;
  private final FleetConfig config;
  private final LeaseClock clock;
  private final Owned owned;
  private final Map<String, SingletonLease> leases;
  private final Weights placement;
  private final Pruner pruner;

  public FencedActions(
      Db db,
      FleetConfig config,
      LeaseClock clock,
      Owned owned,
      Map<String, SingletonLease> leases,
      Weights placement,
      Pruner pruner) {
    this.placement = placement;
    this.pruner = pruner;
    this.db = db;
    this.config = config;
    this.clock = clock;
    this.owned = owned;
    this.leases = leases;
  }

  @Override
  public Grant recovery(
      String target, String check, String step, boolean restart, int budget, Duration window) {
    if (target == null || check == null || (restart && window == null)) {
      return refused("a recovery needs a target, a check and (to restart) a window");
    }
    if (!clock.acting()) {
      return refused("not acting: " + clock.notActing().orElse("?"));
    }
    int partition = placement.partitionOf(check);
    OptionalLong mine = owned.epoch(partition);
    if (mine.isEmpty()) {
      return refused(
          "partition " + partition + " of check '" + check + "' is not owned by this agent");
    }
    long epoch = mine.getAsLong();
    String what = "partition " + partition + " of check '" + check + "'";
    try {
      return db.tx(
          c -> {
            String lost =
                lost(
                    c,
                    "SELECT owner, epoch, expires_at > now() FROM fleet_partitions"
                        + " WHERE fleet = ? AND partition = ? FOR SHARE",
                    partition,
                    null,
                    epoch,
                    what);
            if (lost != null) {
              return refused(lost);
            }
            if (restart) {
              pruner.window(window);
              int used = restarts(c, target, window);
              if (used >= budget) {
                return refused(
                    String.format(
                        "restart budget of target '%s' spent: %d restarts fleet-wide in the last"
                            + " %s (budget %d)",
                        target, used, text(window), budget));
              }
            }
            record(c, "recovery", target, check, step, restart, epoch);
            return stillActing(epoch);
          });
    } catch (StoppedActing e) {
      return refused(e.getMessage());
    } catch (SQLException | RuntimeException e) {
      return refused("fleet store unreachable: " + Db.describe(e));
    }
  }

  @Override
  public Grant notification(String lease, String target, String detail) {
    if (lease == null || target == null) {
      return refused("a notification needs a lease and a target");
    }
    SingletonLease l = leases.get(lease);
    if (l == null) {
      return refused("lease '" + lease + "' is not competed for by this agent (Fleet.lease)");
    }
    if (!clock.acting()) {
      return refused("not acting: " + clock.notActing().orElse("?"));
    }
    OptionalLong mine = l.mine();
    if (mine.isEmpty()) {
      return refused(
          "lease '"
              + lease
              + "' is held by "
              + l.holder().map(h -> "'" + h + "'").orElse("nobody"));
    }
    long epoch = mine.getAsLong();
    try {
      return db.tx(
          c -> {
            String lost =
                lost(
                    c,
                    "SELECT holder, epoch, expires_at > now() FROM fleet_leases"
                        + " WHERE fleet = ? AND name = ? FOR SHARE",
                    -1,
                    lease,
                    epoch,
                    "lease '" + lease + "'");
            if (lost != null) {
              return refused(lost);
            }
            record(c, "notification", target, null, detail, false, epoch);
            return stillActing(epoch);
          });
    } catch (StoppedActing e) {
      return refused(e.getMessage());
    } catch (SQLException | RuntimeException e) {
      return refused("fleet store unreachable: " + Db.describe(e));
    }
  }

  /** Why the lease row does not show my live lease of this epoch; null when it does. */
  private String lost(Connection c, String sql, int partition, String name, long epoch, String what)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, config.name());
      if (name == null) {
        s.setInt(2, partition);
      } else {
        s.setString(2, name);
      }
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return what + " does not exist in fleet '" + config.name() + "'";
        }
        String holder = rs.getString(1);
        long current = rs.getLong(2);
        if (!config.agentId().equals(holder) || current != epoch) {
          return what
              + " passed to "
              + (holder == null ? "nobody" : "'" + holder + "'")
              + " (epoch "
              + current
              + ", mine was "
              + epoch
              + ")";
        }
        if (!rs.getBoolean(3)) {
          return what + ": my lease (epoch " + epoch + ") expired by the database's clock";
        }
        return null;
      }
    }
  }

  private int restarts(Connection c, String target, Duration window) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO fleet_targets (fleet, target) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      s.setString(1, config.name());
      s.setString(2, target);
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT 1 FROM fleet_targets WHERE fleet = ? AND target = ? FOR UPDATE")) {
      s.setString(1, config.name());
      s.setString(2, target);
      s.executeQuery().close();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT count(*) FROM fleet_actions WHERE fleet = ? AND target = ?"
                + " AND kind = 'recovery' AND restart AND at > now() - make_interval(secs => ?)")) {
      s.setString(1, config.name());
      s.setString(2, target);
      s.setDouble(3, window.toNanos() / 1e9);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private void record(
      Connection c,
      String kind,
      String target,
      String check,
      String step,
      boolean restart,
      long epoch)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO fleet_actions (fleet, target, check_name, kind, step, restart, epoch,"
                + " agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, config.name());
      s.setString(2, target);
      s.setString(3, check);
      s.setString(4, kind);
      s.setString(5, step == null ? "" : step);
      s.setBoolean(6, restart);
      s.setLong(7, epoch);
      s.setString(8, config.agentId());
      s.executeUpdate();
    }
  }

  /** Granted, unless the agent stopped acting while asking (then the transaction rolls back). */
  private Grant stillActing(long epoch) {
    if (!clock.acting()) {
      throw new StoppedActing("not acting any more: " + clock.notActing().orElse("?"));
    }
    return new Grant.Granted(epoch);
  }

  private static Grant refused(String reason) {
    return new Grant.Refused(reason);
  }

  private static String text(Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  /** Rolls the grant back: the lease may lapse before the action could run. */
  private static final class StoppedActing extends RuntimeException {
    StoppedActing(String message) {
      super(message, null, false, false);
    }
  }
}
