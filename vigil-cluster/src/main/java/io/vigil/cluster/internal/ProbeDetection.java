package io.vigil.cluster.internal;

import io.vigil.cluster.DetectorSettings;
import io.vigil.cluster.NodeProber;
import io.vigil.cluster.NodeState;
import io.vigil.cluster.ProbeResult;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The probe detector: each node is probed every interval, every retry interval while failing; a
 * healthy node's first failure makes it suspect and probes every other healthy node at once (nodes
 * that fail together are then seen together, by the brake too); {@code failureThreshold}
 * consecutive failures make it dead. Probes of one node may overlap, at most {@code ceil(timeout /
 * retryInterval)} of them, so a node that hangs is dead within {@code interval + 2 × timeout +
 * (failureThreshold - 2) × retryInterval}. A node that joined and never answered is dead only after
 * the join timeout (it may start after the monitor). A result older than one already applied is
 * ignored, and a probe that timed out across a pause of the monitor is not counted.
 */
final class ProbeDetection implements Detection {

  /** Receives a probe's end, off the engine's lock. */
  interface Sink {
    void probed(NodeRecord node, long startedAt, ProbeResult result);
  }

  private final DetectorSettings.Probe settings;
  private final NodeProber prober;
  private final Transitions transitions;
  private final Sink sink;
  private final int maxInFlight;
  private final long joinTimeout;
  private final long interval;
  private final long retry;
  private long discarded;

  ProbeDetection(
      DetectorSettings.Probe settings,
      Duration joinTimeout,
      NodeProber prober,
      Transitions transitions,
      Sink sink) {
    this.settings = settings;
    this.joinTimeout = joinTimeout.toNanos();
    this.prober = prober;
    this.transitions = transitions;
    this.sink = sink;
    this.interval = settings.interval().toNanos();
    this.retry = settings.retryInterval().toNanos();
    long timeout = settings.timeout().toNanos();
    this.maxInFlight = (int) Math.max(1, Math.min(8, (timeout + retry - 1) / retry));
  }

  @Override
  public void joined(NodeRecord node, long now) {
    node.nextProbe = now;
  }

  @Override
  public void tick(long now, Collection<NodeRecord> nodes) {
    for (NodeRecord node : nodes) {
      if (node.state != NodeState.LEFT && now >= node.nextProbe && node.inFlight < maxInFlight) {
        start(node, now);
      }
    }
  }

  private void start(NodeRecord node, long now) {
    node.inFlight++;
    boolean failing = node.failures > 0 && node.state != NodeState.DEAD;
    node.nextProbe = now + (failing ? retry : interval);
    Duration timeout = settings.timeout();
    CompletableFuture<ProbeResult> probe;
    try {
      probe = prober.probe(node.spec, timeout);
    } catch (RuntimeException e) {
      probe = CompletableFuture.completedFuture(ProbeResult.failed(e.toString(), Duration.ZERO));
    }
    // A prober that never answers must not leave the node unjudged.
    probe
        .completeOnTimeout(
            ProbeResult.timedOut(timeout), timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
        .whenComplete(
            (result, error) ->
                sink.probed(
                    node,
                    now,
                    error == null
                        ? result
                        : ProbeResult.failed(String.valueOf(error), Duration.ZERO)));
  }

  /**
   * A probe started at {@code startedAt} ended; {@code lastPauseEnd} from the pause detector,
   * {@code nodes} every node (for the sweep).
   *
   * @return whether the result was taken into account
   */
  boolean apply(
      NodeRecord node,
      long startedAt,
      ProbeResult result,
      long now,
      long lastPauseEnd,
      Collection<NodeRecord> nodes) {
    node.inFlight--;
    if (node.state == NodeState.LEFT || startedAt <= node.lastApplied) {
      return false;
    }
    if (!result.ok() && result.timedOut() && startedAt < lastPauseEnd) {
      discarded++; // it may have timed out only because the monitor was not running
      return false;
    }
    node.lastApplied = startedAt;
    if (result.ok()) {
      node.failures = 0;
      node.nextProbe = Math.min(node.nextProbe, startedAt + interval);
      transitions.move(node, NodeState.HEALTHY, "probe ok: " + result.detail(), now);
      return true;
    }
    node.failures++;
    node.nextProbe = Math.min(node.nextProbe, startedAt + retry);
    boolean waiting = node.state == NodeState.JOINING && now - node.joinedAt < joinTimeout;
    if (node.failures >= settings.failureThreshold() && !waiting) {
      transitions.move(
          node,
          NodeState.DEAD,
          node.failures + " probes failed in a row, the last: " + result.detail(),
          now);
    } else if (node.state == NodeState.HEALTHY) {
      transitions.move(node, NodeState.SUSPECT, "probe failed: " + result.detail(), now);
      sweep(node, now, nodes);
    }
    return true;
  }

  /** Probes every other healthy node at the next wake-up. */
  private static void sweep(NodeRecord failed, long now, Collection<NodeRecord> nodes) {
    for (NodeRecord other : nodes) {
      if (other != failed && other.state == NodeState.HEALTHY && other.inFlight == 0) {
        other.nextProbe = Math.min(other.nextProbe, now);
      }
    }
  }

  @Override
  public void paused(long pauseNanos, long now, Collection<NodeRecord> nodes) {
    // Nothing to shift: probes due during the pause start at once; timeouts across it are dropped.
  }

  @Override
  public double phi(NodeRecord node, long now) {
    return 0;
  }

  long discarded() {
    return discarded;
  }
}
