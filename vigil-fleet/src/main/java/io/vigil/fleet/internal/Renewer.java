package io.vigil.fleet.internal;

import io.vigil.fleet.FleetConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renewal thread ({@code vigil-fleet}, a platform daemon thread): a round every {@code
 * renewEvery} (at once after start and when a lease is first asked for), whose result replaces what
 * this agent owns, holds and knows of its peers. A failed round only counts and says why; the next
 * comes {@code renewEvery} later. Between rounds, {@link #watch()} (on the event thread) drops what
 * was owned once the lease has surely lapsed.
 */
public final class Renewer {

  private static final Logger LOG = LoggerFactory.getLogger(Renewer.class);

  private final Db db;
  private final FleetConfig config;
  private final Rounds rounds;
  private final Weights weights;
  private final LeaseClock clock;
  private final Owned owned;
  private final Peers peers;
  private final Pruner pruner;
  private final Map<String, SingletonLease> leases = new ConcurrentHashMap<>();
  private final Object apply = new Object();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private final AtomicLong renewals = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong takeovers = new AtomicLong();
  private final AtomicLong released = new AtomicLong();
  private volatile long lastRenewalNanos;
  private volatile boolean closed;
  private volatile boolean frozen;
  private boolean woken; // guarded by lock
  private boolean failing; // renewal thread only
  private Thread thread;

  public Renewer(
      Db db,
      FleetConfig config,
      String session,
      LeaseClock clock,
      Owned owned,
      Peers peers,
      Pruner pruner) {
    this.db = db;
    this.pruner = pruner;
    this.config = config;
    this.weights = new Weights(config.partitions());
    this.rounds = new Rounds(config, session, weights);
    this.clock = clock;
    this.owned = owned;
    this.peers = peers;
  }

  /** Starts the thread; the first round runs at once. */
  public void start() {
    thread = Thread.ofPlatform().name("vigil-fleet").daemon().start(this::loop);
  }

  /** The singleton lease of that name, competed for from the next round on (run at once). */
  public SingletonLease lease(String name, Events events) {
    SingletonLease lease =
        leases.computeIfAbsent(name, n -> new SingletonLease(n, config.agentId(), clock, events));
    wake();
    return lease;
  }

  /** Every lease asked for. */
  public Map<String, SingletonLease> leases() {
    return leases;
  }

  /** Runs a round now. */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** For tests: while frozen, no round runs (a stalled agent). */
  public void freeze(boolean value) {
    frozen = value;
    if (!value) {
      wake();
    }
  }

  private void loop() {
    long renewNanos = config.renewEvery().toNanos();
    while (!closed) {
      long next = System.nanoTime() + renewNanos;
      if (!frozen) {
        round();
      }
      lock.lock();
      try {
        long left;
        while (!woken && !closed && (left = next - System.nanoTime()) > 0) {
          wakeUp.awaitNanos(left);
        }
        woken = false;
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  private void round() {
    long start = clock.now();
    long t0 = System.nanoTime();
    Map<String, OptionalLong> mine = new java.util.HashMap<>();
    leases.forEach((name, lease) -> mine.put(name, lease.mine()));
    try {
      RoundResult r = db.tx(c -> rounds.run(c, mine));
      synchronized (apply) {
        if (closed) {
          return;
        }
        clock.renewed(start);
        owned.set(r.owned());
        leases.forEach(
            (name, lease) -> {
              RoundResult.Holder h = r.leases().get(name);
              lease.set(h == null ? null : h.agent(), h == null ? 0 : h.epoch());
            });
      }
      peers.update(r.agents());
      renewals.incrementAndGet();
      takeovers.addAndGet(r.takeovers());
      lastRenewalNanos = System.nanoTime() - t0;
      if (failing) {
        failing = false;
        LOG.info("event=fleet_renewed fleet={} agent={}", config.name(), config.agentId());
      }
      releaseExtras(r.share());
      pruner.due();
    } catch (RoundRefused e) {
      failed.incrementAndGet();
      synchronized (apply) {
        clock.refused(e.getMessage());
        dropAll();
      }
      logFailure(e.getMessage());
    } catch (SQLException | RuntimeException e) {
      failed.incrementAndGet();
      clock.failed(Db.describe(e));
      logFailure(Db.describe(e));
    }
  }

  private void logFailure(String why) {
    if (!failing) {
      failing = true;
      LOG.warn(
          "event=fleet_renewal_failed fleet={} agent={} error=\"{}\"",
          config.name(),
          config.agentId(),
          why);
    } else {
      LOG.debug("event=fleet_renewal_failed error=\"{}\"", why);
    }
  }

  /** The partitions' weights, by the checks they hold. */
  public Weights weights() {
    return weights;
  }

  /**
   * Releases the highest partitions this agent can give up while it still owns its share (by
   * weight): dropped locally first, then in the DB.
   */
  private void releaseExtras(long share) {
    long mine = weights.of(owned.partitions());
    List<Integer> drop = new java.util.ArrayList<>();
    for (int p : owned.partitions().stream().sorted(Comparator.reverseOrder()).toList()) {
      long w = weights.of(p);
      if (mine - w >= share) {
        drop.add(p);
        mine -= w;
      }
    }
    if (drop.isEmpty()) {
      return;
    }
    owned.drop(drop);
    try {
      released.addAndGet(db.tx(c -> rounds.release(c, drop)));
    } catch (SQLException | RuntimeException e) {
      LOG.debug("event=fleet_release_failed error=\"{}\"", Db.describe(e));
    }
  }

  /** On the event thread: once the lease has surely lapsed, what was owned or held is lost. */
  public void watch() {
    synchronized (apply) {
      if (clock.lapsed()) {
        dropAll();
      } else {
        leases.values().forEach(SingletonLease::watch);
      }
    }
  }

  private void dropAll() {
    owned.dropAll();
    leases.values().forEach(SingletonLease::drop);
  }

  /** Stops the thread, drops everything locally, then releases it in the database. */
  public void close() {
    synchronized (apply) {
      closed = true;
      clock.close();
      dropAll();
    }
    wake();
    try {
      if (thread != null && !thread.join(config.ttl())) {
        LOG.warn("event=fleet_close_waiting thread=vigil-fleet");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      released.addAndGet(db.tx(rounds::leave));
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "event=fleet_leave_failed fleet={} agent={} error=\"{}\" (peers take over when the lease"
              + " expires)",
          config.name(),
          config.agentId(),
          Db.describe(e));
    }
  }

  public long renewals() {
    return renewals.get();
  }

  public long failedRenewals() {
    return failed.get();
  }

  public long takeovers() {
    return takeovers.get();
  }

  public long released() {
    return released.get();
  }

  public Duration lastRenewal() {
    return Duration.ofNanos(lastRenewalNanos);
  }
}
