package io.vigil.fleet.internal;

import io.vigil.fleet.FleetConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the fleet's rows nobody needs any more, after the first successful renewal and then at
 * most once an hour, on a virtual thread of its own so a slow delete never delays a renewal:
 *
 * <ul>
 *   <li>actions older than {@link #ACTIONS_KEPT}, or than twice the longest restart-budget window
 *       known when that is longer; restarts only once a window is known (counted, or told with
 *       {@link #window}), since they count against every agent's budget;
 *   <li>agents whose lease expired more than {@link #AGENTS_KEPT} ago (listed dead until then, as
 *       Consul keeps a node that left for 72 hours).
 * </ul>
 *
 * Every agent prunes; two doing it at once delete each row once. Check states stay: one row per
 * check name, and a configured check without a row would read "pending" instead of stale.
 */
public final class Pruner {

  private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

  /** Actions are kept 7 days at least. */
  public static final Duration ACTIONS_KEPT = Duration.ofDays(7);

  /** Agents are kept 3 days after their lease expired. */
  public static final Duration AGENTS_KEPT = Duration.ofDays(3);

  static final Duration EVERY = Duration.ofHours(1);

  /** Rows deleted by one pass. */
  public record Pruned(int actions, int agents) {}

  private final Db db;
  private final FleetConfig config;
  private final AtomicLong longestWindowNanos = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean();
  private long lastStart = System.nanoTime() - EVERY.toNanos(); // renewal thread only: due at once

  public Pruner(Db db, FleetConfig config) {
    this.db = db;
    this.config = config;
  }

  /** A restart budget counts over this window: restarts are kept twice as long. */
  public void window(Duration window) {
    longestWindowNanos.accumulateAndGet(window.toNanos(), Math::max);
  }

  /** After a successful renewal: starts a pass when one is due and none is running. */
  void due() {
    long now = System.nanoTime();
    if (now - lastStart < EVERY.toNanos() || !running.compareAndSet(false, true)) {
      return;
    }
    lastStart = now;
    Thread.ofVirtual()
        .name("vigil-fleet-prune")
        .start(
            () -> {
              try {
                run();
              } catch (SQLException | RuntimeException e) {
                LOG.debug("event=fleet_prune_failed error=\"{}\"", Db.describe(e));
              } finally {
                running.set(false);
              }
            });
  }

  /** One pass now, in one transaction. */
  public Pruned run() throws SQLException {
    long window = longestWindowNanos.get();
    Duration twice = Duration.ofNanos(window).multipliedBy(2);
    Duration kept = twice.compareTo(ACTIONS_KEPT) > 0 ? twice : ACTIONS_KEPT;
    String restarts = window > 0 ? "" : " AND NOT restart";
    Pruned pruned =
        db.tx(
            c ->
                new Pruned(
                    delete(c, "DELETE FROM fleet_actions WHERE fleet = ?" + restarts, "at", kept),
                    delete(
                        c, "DELETE FROM fleet_agents WHERE fleet = ?", "expires_at", AGENTS_KEPT)));
    if (pruned.actions() + pruned.agents() > 0) {
      LOG.info(
          "event=fleet_pruned fleet={} actions={} agents={}",
          config.name(),
          pruned.actions(),
          pruned.agents());
    }
    return pruned;
  }

  private int delete(Connection c, String sql, String column, Duration age) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(sql + " AND " + column + " < now() - make_interval(secs => ?)")) {
      s.setString(1, config.name());
      s.setDouble(2, age.toSeconds());
      return s.executeUpdate();
    }
  }
}
