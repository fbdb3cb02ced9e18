package io.vigil.fleet;

import io.vigil.core.Subscription;
import io.vigil.core.Ticker;
import io.vigil.fleet.internal.Db;
import io.vigil.fleet.internal.Events;
import io.vigil.fleet.internal.FencedActions;
import io.vigil.fleet.internal.LeaseClock;
import io.vigil.fleet.internal.Owned;
import io.vigil.fleet.internal.Partitions;
import io.vigil.fleet.internal.Peers;
import io.vigil.fleet.internal.Pruner;
import io.vigil.fleet.internal.Renewer;
import io.vigil.fleet.internal.StateTable;
import io.vigil.store.StoreConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * This agent's membership in a fleet of agents sharing one PostgreSQL database: they split the
 * checks between them by partition ({@link #partition(String, int)}), each partition leased to one
 * live agent with a fencing epoch, and compete for singleton leases ({@link #lease}). Every lease
 * time is PostgreSQL's ({@code now()}); the local monotonic clock only stops this agent early
 * ({@link #acting()}). Actions are granted through the {@link #fence()}, check states shared
 * through {@link #states()}.
 *
 * <p>The tables are the store's (migration V6): open the store ({@code Store.open}) on the same
 * database first, which migrates it. A thread {@code vigil-fleet} renews the lease every {@code
 * renewEvery}; listeners run on {@code vigil-fleet-events}, never on the renewal thread. Actions
 * older than a week (restarts: see {@link #restartWindow}) and agents gone for three days are
 * deleted about once an hour ({@code vigil-fleet-prune}).
 */
public final class Fleet implements AutoCloseable {

  private static final Pattern LEASE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final FleetConfig config;
  private final Db db;
  private final LeaseClock clock;
  private final Events events;
  private final Owned owned;
  private final Peers peers;
  private final Renewer renewer;
  private final Pruner pruner;
  private final FencedActions fence;
  private final StateTable states;
  private volatile boolean closed;

  private Fleet(Db db, FleetConfig config, Ticker ticker) {
    this.config = config;
    this.db = db;
    this.clock = new LeaseClock(config, ticker);
    long watchMs = Math.clamp(config.renewEvery().toMillis() / 2, 10, 100);
    this.events = new Events(Duration.ofMillis(watchMs));
    this.owned = new Owned(events);
    this.peers = new Peers(config.agentId(), events);
    String session = UUID.randomUUID().toString();
    this.pruner = new Pruner(db, config);
    this.renewer = new Renewer(db, config, session, clock, owned, peers, pruner);
    this.fence =
        new FencedActions(db, config, clock, owned, renewer.leases(), renewer.weights(), pruner);
    this.states = new StateTable(db, config, owned, renewer.weights());
  }

  /**
   * Opens a small HikariCP pool (at most 3 connections) on the JDBC URL (user and password in the
   * URL, if any), registers the agent and starts the renewal thread. Does not throw when PostgreSQL
   * is down: the agent then is not acting, and retries every {@code renewEvery}.
   *
   * @throws IllegalArgumentException when the URL is not PostgreSQL's: "fleet needs store.url on
   *     PostgreSQL"
   */
  public static Fleet start(String jdbcUrl, FleetConfig config, Ticker ticker) {
    return start(jdbcUrl, Optional.empty(), Optional.empty(), config, ticker);
  }

  /** As {@link #start(String, FleetConfig, Ticker)}, on the store's URL, user and password. */
  public static Fleet start(StoreConfig store, FleetConfig config, Ticker ticker) {
    return start(store.url(), store.user(), store.password(), config, ticker);
  }

  private static Fleet start(
      String url,
      Optional<String> user,
      Optional<String> password,
      FleetConfig config,
      Ticker ticker) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(ticker, "ticker");
    Fleet fleet = new Fleet(Db.open(url, user, password, config), config, ticker);
    fleet.events.start(fleet.renewer::watch);
    fleet.renewer.start();
    return fleet;
  }

  /** The settings in force. */
  public FleetConfig config() {
    return config;
  }

  /**
   * The partition of a check: CRC32 of the name's UTF-8 bytes, modulo {@code partitions}. Stable
   * across JVMs and versions (it decides which agent runs which check).
   */
  public static int partition(String check, int partitions) {
    return Partitions.of(check, partitions);
  }

  /**
   * Splits the partitions by the checks they hold, not by their number: agents that all pass the
   * same names run about the same number of checks each. Call it again when the checks change.
   */
  public void balance(java.util.Collection<String> checks) {
    renewer.weights().checks(checks);
  }

  /**
   * As {@link #balance(java.util.Collection)}, each check placed by its key: the partition of a
   * check is its key's (for ownership, fences and stored states), so checks with one key (the agent
   * uses the recovery target) always run, and are healed, on one agent.
   */
  public void place(Map<String, String> keyByCheck) {
    renewer.weights().checks(keyByCheck);
  }

  /** The partition of a check in this fleet (its key's, when {@link #place} gave it one). */
  public int partition(String check) {
    return renewer.weights().partitionOf(check);
  }

  /**
   * True while the agent's own lease is surely held: local monotonic time since the start of the
   * last successful renewal is less than {@code ttl - safetyMargin}.
   */
  public boolean acting() {
    return clock.acting();
  }

  /**
   * Why not acting (e.g. "lease not renewed for 8.4 s (PostgreSQL: Connection refused)"); empty
   * when acting.
   */
  public Optional<String> notActing() {
    return clock.notActing();
  }

  /** Whether this agent owns the check's partition and is acting. */
  public boolean owns(String check) {
    return clock.acting() && owned.epoch(partition(check)).isPresent();
  }

  /** The partitions owned now, by the last renewal (an immutable copy). */
  public Set<Integer> owned() {
    return owned.partitions();
  }

  /** My epoch of an owned partition; empty when not owned. */
  public OptionalLong epoch(int partition) {
    return owned.epoch(partition);
  }

  /**
   * Tells the listener each change of the owned set, on the fleet's event thread (never under a
   * lock of the caller); first, right after subscribing, the current set as {@code gained}.
   */
  public Subscription onOwnership(Consumer<Ownership> listener) {
    return owned.subscribe(listener);
  }

  /**
   * Every agent of the fleet, read from the database now, with lease ages by its clock; when it
   * cannot be read, the list the last renewal read.
   */
  public List<FleetAgent> agents() {
    try {
      return db.read(c -> Peers.read(c, config.name()));
    } catch (SQLException | RuntimeException e) {
      return peers.last();
    }
  }

  /** Tells a peer's death (its lease expired) once, and once when it is back. */
  public Subscription onPeer(Consumer<PeerEvent> listener) {
    return peers.subscribe(listener);
  }

  /** Grants actions under leases. */
  public Fence fence() {
    return fence;
  }

  /**
   * The singleton lease of that name (e.g. "alerts", "cluster"), which this agent competes for from
   * now on (the same object for the same name).
   *
   * @throws IllegalArgumentException when the name is not 1 to 128 letters, digits, {@code . _ -}
   */
  public Lease lease(String name) {
    if (name == null || !LEASE.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "lease: must be 1 to 128 letters, digits, '.', '_' or '-', but was '" + name + "'");
    }
    if (closed) {
      throw new IllegalStateException("fleet closed");
    }
    return renewer.lease(name, events);
  }

  /** The checks' shared states. */
  public CheckStates states() {
    return states;
  }

  /** Counters. */
  public FleetStats stats() {
    return new FleetStats(
        renewer.renewals(),
        renewer.failedRenewals(),
        renewer.takeovers(),
        renewer.released(),
        states.staleWritesRefused(),
        renewer.lastRenewal(),
        clock.acting());
  }

  /**
   * The restart budget's window in use: recorded restarts are kept twice as long (at least 7 days)
   * and, until a window is known from here or from a restart counted, never deleted.
   */
  public void restartWindow(Duration window) {
    pruner.window(Objects.requireNonNull(window, "window"));
  }

  /** For tests: one pruning pass now. */
  Pruner.Pruned pruneNow() throws SQLException {
    return pruner.run();
  }

  /** For tests: while frozen, no renewal runs (a stalled agent). */
  void freezeRenewals(boolean frozen) {
    renewer.freeze(frozen);
  }

  /**
   * Stops acting, releases this agent's partitions and singleton leases and expires its lease (so
   * peers take over at once); deletes nothing else. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    renewer.close();
    events.close();
    db.close();
  }
}
