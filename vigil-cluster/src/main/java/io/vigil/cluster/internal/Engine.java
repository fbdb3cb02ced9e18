package io.vigil.cluster.internal;

import io.vigil.cluster.ClusterEvent;
import io.vigil.cluster.ClusterListener;
import io.vigil.cluster.ClusterSettings;
import io.vigil.cluster.ClusterStatus;
import io.vigil.cluster.DetectorSettings;
import io.vigil.cluster.ManualClusterMonitor;
import io.vigil.cluster.NodeProber;
import io.vigil.cluster.NodeSpec;
import io.vigil.cluster.NodeState;
import io.vigil.cluster.NodeView;
import io.vigil.cluster.ProbeResult;
import io.vigil.cluster.RoutingTable;
import io.vigil.core.Subscription;
import io.vigil.core.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster monitor: membership, the detector, the pause detector and the router, under one lock
 * held for bookkeeping only (a probe never runs under it). One thread wakes every tick interval;
 * heartbeats and probe results come on their callers' threads and account for a pause first. Reads
 * of the routing table take no lock.
 */
public final class Engine implements ManualClusterMonitor {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  private final ClusterSettings settings;
  private final Ticker ticker;
  private final ThreadFactory threadFactory;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, NodeRecord> nodes = new LinkedHashMap<>();
  private final Detection detection;
  private final PauseDetector pauses;
  private final Router router;
  private final Listeners listeners;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Published published;
  private volatile Thread thread;
  private volatile boolean closed;
  private volatile Optional<HookSender> hook = Optional.empty();

  /**
   * A monitor of {@code initial} nodes; nothing runs until {@link #start()} or {@link #tick()}.
   *
   * @param prober probes nodes (probe detector)
   * @param listenerQueue capacity of each listener's queue
   * @param firstEpoch the epoch before the first table
   */
  public Engine(
      ClusterSettings settings,
      List<NodeSpec> initial,
      Ticker ticker,
      ThreadFactory threadFactory,
      NodeProber prober,
      int listenerQueue,
      long firstEpoch) {
    this.settings = settings;
    this.ticker = ticker;
    this.threadFactory = threadFactory;
    long now = ticker.monotonicNanos();
    this.pauses =
        new PauseDetector(
            settings.tickInterval().toNanos(), settings.pauseThreshold().toNanos(), now);
    this.router = new Router(settings, now, ticker.wallTime(), firstEpoch);
    this.published = new Published(router.table());
    this.listeners = new Listeners(listenerQueue);
    this.detection =
        switch (settings.detector()) {
          case DetectorSettings.Probe p ->
              new ProbeDetection(p, settings.joinTimeout(), prober, this::move, this::probed);
          case DetectorSettings.Heartbeat h ->
              new HeartbeatDetection(h, settings.joinTimeout(), this::move);
        };
    initial.forEach(this::join);
  }

  /** Closes {@code resource} when the monitor closes (the HTTP client). */
  public void own(AutoCloseable resource) {
    resources.add(resource);
  }

  /** Delivers every new table through {@code sender}, closed with the monitor. */
  public void hook(HookSender sender) {
    hook = Optional.of(sender);
    subscribe(sender);
    own(sender);
  }

  @Override
  public void start() {
    lock.lock();
    try {
      if (thread != null || closed) {
        return;
      }
      pauses.reset(ticker.monotonicNanos());
      thread = threadFactory.newThread(this::loop);
    } finally {
      lock.unlock();
    }
    thread.start();
  }

  private void loop() {
    long tick = settings.tickInterval().toNanos();
    long next = ticker.monotonicNanos();
    while (!closed) {
      try {
        tick();
      } catch (RuntimeException e) {
        LOG.warn("event=cluster_tick_failed error=\"{}\"", e.toString(), e);
      }
      long now = ticker.monotonicNanos();
      next = Math.max(next + tick, now);
      try {
        if (stop.await(next - now, TimeUnit.NANOSECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void tick() {
    RoutingTable table;
    lock.lock();
    try {
      long now = ticker.monotonicNanos();
      long pause = pauses.tick(now);
      if (pause > 0) {
        paused(pause, now);
      }
      detection.tick(now, nodes.values());
      List<ClusterEvent> events = new ArrayList<>();
      router.step(now, ticker.wallTime(), nodes.values(), events);
      events.forEach(listeners::emit);
      table = router.table();
    } finally {
      lock.unlock();
    }
    if (table != published.table()) {
      published.publish(table);
    }
  }

  /** Accounts for a pause of the monitor noticed by anyone at {@code now}; under the lock. */
  private void observe(long now) {
    long pause = pauses.observe(now);
    if (pause > 0) {
      paused(pause, now);
    }
  }

  private void paused(long pause, long now) {
    detection.paused(pause, now, nodes.values());
    listeners.emit(new ClusterEvent.MonitorPaused(Duration.ofNanos(pause), ticker.wallTime()));
  }

  /** A probe's end, on the prober's thread. */
  private void probed(NodeRecord node, long startedAt, ProbeResult result) {
    lock.lock();
    try {
      long now = ticker.monotonicNanos();
      observe(now);
      boolean applied =
          ((ProbeDetection) detection)
              .apply(node, startedAt, result, now, pauses.lastPauseEnd(), nodes.values());
      if (applied && result.ok()) {
        node.lastSign = Optional.of(ticker.wallTime()); // the last sign of life
      }
    } finally {
      lock.unlock();
    }
  }

  /** Moves a node to another state with its events; under the lock. */
  private void move(NodeRecord node, NodeState to, String reason, long now) {
    NodeState from = node.state;
    if (from == to) {
      return;
    }
    node.state = to;
    node.since = ticker.wallTime();
    node.reason = reason;
    if (to.live() && !from.live()) {
      node.liveSince = now;
    } else if (!to.live()) {
      node.liveSince = -1;
      node.founding = false; // back from the dead, it waits rebalanceAfter like a newcomer
    }
    node.deadSince = to == NodeState.DEAD ? now : -1;
    listeners.emit(new ClusterEvent.NodeStateChanged(node.id(), from, to, reason, node.since));
    if (to == NodeState.DEAD) {
      listeners.emit(new ClusterEvent.NodeDown(node.id(), reason, node.since));
    } else if (from == NodeState.DEAD && to.live()) {
      listeners.emit(new ClusterEvent.NodeUp(node.id(), node.since));
    }
  }

  @Override
  public NodeView join(NodeSpec node) {
    lock.lock();
    try {
      long now = ticker.monotonicNanos();
      observe(now);
      NodeRecord existing = nodes.get(node.id());
      if (existing != null && existing.state != NodeState.LEFT) {
        throw new IllegalStateException(
            "node " + node.id() + " is already a member (" + existing.state.json() + ")");
      }
      NodeRecord record = new NodeRecord(node, ticker.wallTime());
      nodes.remove(node.id());
      nodes.put(node.id(), record);
      record.joinedAt = now;
      detection.joined(record, now);
      listeners.emit(new ClusterEvent.NodeJoined(node, record.since));
      return view(record, now, Views.counts(router.table()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<NodeView> leave(String id) {
    lock.lock();
    try {
      long now = ticker.monotonicNanos();
      NodeRecord record = nodes.get(id);
      if (record == null) {
        return Optional.empty();
      }
      if (record.state != NodeState.LEFT) {
        move(record, NodeState.LEFT, "left on request", now);
        listeners.emit(new ClusterEvent.NodeLeft(id, record.since));
      }
      return Optional.of(view(record, now, Views.counts(router.table())));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<NodeView> heartbeat(String id) {
    lock.lock();
    try {
      long now = ticker.monotonicNanos();
      observe(now);
      NodeRecord record = nodes.get(id);
      if (record == null) {
        return Optional.empty();
      }
      if (record.state == NodeState.LEFT) {
        throw new IllegalStateException("node " + id + " left; join it again to send heartbeats");
      }
      if (!(detection instanceof HeartbeatDetection beats)) {
        throw new IllegalStateException(
            "the detector is probe: nodes are probed at their healthUrl, not sent heartbeats");
      }
      beats.beat(record, now);
      record.lastSign = Optional.of(ticker.wallTime());
      return Optional.of(view(record, now, Views.counts(router.table())));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<NodeView> nodes() {
    lock.lock();
    try {
      long now = ticker.monotonicNanos();
      Map<String, int[]> counts = Views.counts(router.table());
      return nodes.values().stream().map(n -> view(n, now, counts)).toList();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<NodeView> node(String id) {
    lock.lock();
    try {
      return Optional.ofNullable(nodes.get(id))
          .map(n -> view(n, ticker.monotonicNanos(), Views.counts(router.table())));
    } finally {
      lock.unlock();
    }
  }

  private NodeView view(NodeRecord n, long now, Map<String, int[]> counts) {
    int[] held = counts.getOrDefault(n.id(), new int[2]);
    return new NodeView(
        n.spec,
        n.state,
        n.since,
        n.reason,
        detection.phi(n, now),
        n.lastSign,
        n.failures,
        held[0],
        held[1]);
  }

  @Override
  public RoutingTable routing() {
    return published.table();
  }

  @Override
  public CompletableFuture<RoutingTable> nextRouting(long afterEpoch) {
    return published.next(afterEpoch);
  }

  @Override
  public RoutingTable awaitRouting(long afterEpoch, Duration timeout) throws InterruptedException {
    return published.await(afterEpoch, timeout);
  }

  @Override
  public ClusterStatus status() {
    lock.lock();
    try {
      return Views.status(
          settings,
          nodes.values(),
          router,
          pauses,
          detection instanceof ProbeDetection p ? p.discarded() : 0,
          listeners.dropped(),
          hook.map(HookSender::status));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ClusterSettings settings() {
    return settings;
  }

  @Override
  public Subscription subscribe(ClusterListener listener) {
    return listeners.add(listener);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.unlock();
    }
    stop.countDown();
    Thread running = thread;
    if (running != null && running != Thread.currentThread()) {
      try {
        running.join(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    published.close();
    for (AutoCloseable resource : resources.reversed()) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("event=cluster_close_failed error=\"{}\"", e.toString());
      }
    }
    listeners.closeAll();
  }
}
