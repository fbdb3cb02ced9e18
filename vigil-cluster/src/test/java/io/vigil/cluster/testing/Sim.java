package io.vigil.cluster.testing;

import io.vigil.cluster.ClusterMonitor;
import io.vigil.cluster.ClusterMonitorBuilder;
import io.vigil.cluster.ManualClusterMonitor;
import io.vigil.cluster.NodeState;
import io.vigil.cluster.NodeView;
import io.vigil.core.testing.FakeTicker;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * A cluster on a fake clock: a manual monitor ticked every tick interval, a {@link FakeProber}, and
 * nodes that send heartbeats at their own interval while {@link #beating} says so.
 */
public final class Sim {

  public final FakeTicker ticker = new FakeTicker();
  public final FakeProber prober = new FakeProber(ticker);
  public final ManualClusterMonitor monitor;

  /** The nodes that send heartbeats, each with its interval. */
  public final Map<String, Duration> beating = new ConcurrentHashMap<>();

  private final Map<String, Long> nextBeat = new ConcurrentHashMap<>();
  private final Duration step;

  /** A sim of what {@code builder} configures, with this sim's ticker and prober. */
  public Sim(ClusterMonitorBuilder builder) {
    this.monitor = builder.ticker(ticker).prober(prober).buildManual();
    this.step = monitor.settings().tickInterval();
  }

  /** A builder for a sim. */
  public static ClusterMonitorBuilder builder() {
    return ClusterMonitor.builder();
  }

  /** Starts sending heartbeats of {@code node} every {@code interval}, the first at once. */
  public Sim beat(String node, Duration interval) {
    beating.put(node, interval);
    nextBeat.put(node, ticker.monotonicNanos());
    return this;
  }

  /** Stops the heartbeats of {@code nodes}. */
  public Sim silence(String... nodes) {
    for (String node : nodes) {
      beating.remove(node);
    }
    return this;
  }

  /** Runs for {@code duration} of fake time, one tick per tick interval. */
  public Sim run(Duration duration) {
    long end = ticker.monotonicNanos() + duration.toNanos();
    while (ticker.monotonicNanos() < end) {
      step();
    }
    return this;
  }

  /**
   * Runs until {@code condition} holds, at most {@code limit}; the fake time it took.
   *
   * @throws AssertionError when it never holds
   */
  public Duration until(BooleanSupplier condition, Duration limit) {
    long start = ticker.monotonicNanos();
    while (!condition.getAsBoolean()) {
      if (ticker.monotonicNanos() - start > limit.toNanos()) {
        throw new AssertionError("not within " + limit);
      }
      step();
    }
    return Duration.ofNanos(ticker.monotonicNanos() - start);
  }

  /** One tick interval: heartbeats due, expired probes, then the monitor's wake-up. */
  public void step() {
    ticker.advance(step);
    long now = ticker.monotonicNanos();
    for (Map.Entry<String, Duration> e : beating.entrySet()) {
      if (nextBeat.getOrDefault(e.getKey(), now) <= now) {
        monitor.heartbeat(e.getKey());
        nextBeat.put(e.getKey(), now + e.getValue().toNanos());
      }
    }
    prober.expire();
    monitor.tick();
  }

  /** The node's state now. */
  public NodeState state(String node) {
    return monitor.node(node).map(NodeView::state).orElseThrow();
  }

  /** The ids of the nodes in {@code state}. */
  public Set<String> in(NodeState state) {
    return Set.copyOf(
        monitor.nodes().stream().filter(n -> n.state() == state).map(NodeView::id).toList());
  }
}
