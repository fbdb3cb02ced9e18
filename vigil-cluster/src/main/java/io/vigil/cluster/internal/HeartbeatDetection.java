package io.vigil.cluster.internal;

import io.vigil.cluster.DetectorSettings;
import io.vigil.cluster.NodeState;
import io.vigil.core.Durations;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;

/**
 * The heartbeat detector: each node's phi accrual is judged at every wake-up: suspect at the
 * suspect threshold, dead at the threshold; any heartbeat makes the node healthy again. A node that
 * joined and never sent one is dead after the join timeout. A pause of the monitor shifts every
 * node's last heartbeat by the pause, and the heartbeats queued during it, which arrive together
 * just after, are not taken as intervals.
 */
final class HeartbeatDetection implements Detection {

  private final DetectorSettings.Heartbeat settings;
  private final long joinTimeout;
  private final Transitions transitions;

  HeartbeatDetection(
      DetectorSettings.Heartbeat settings, Duration joinTimeout, Transitions transitions) {
    this.settings = settings;
    this.joinTimeout = joinTimeout.toNanos();
    this.transitions = transitions;
  }

  @Override
  public void joined(NodeRecord node, long now) {
    node.phi = new PhiAccrual(settings, now);
    node.beats = 0;
  }

  /** A heartbeat of {@code node} at {@code now}. */
  void beat(NodeRecord node, long now) {
    boolean available =
        node.state != NodeState.DEAD
            && node.phi.phi(now) < settings.threshold()
            && now >= node.burstUntil; // beats queued during a pause arrive at once: not intervals
    node.phi.heartbeat(now, node.beats == 0, available);
    node.beats++;
    transitions.move(node, NodeState.HEALTHY, "heartbeat received", now);
  }

  @Override
  public void tick(long now, Collection<NodeRecord> nodes) {
    for (NodeRecord node : nodes) {
      if (node.state == NodeState.LEFT || node.state == NodeState.DEAD) {
        continue;
      }
      if (node.beats == 0) {
        // No history to judge by: a node may start after the monitor. Dead only after joinTimeout.
        if (node.phi.silenceNanos(now) >= joinTimeout) {
          transitions.move(node, NodeState.DEAD, deadReason(node, 0, now), now);
        }
        continue;
      }
      double phi = node.phi.phi(now);
      if (phi >= settings.threshold()) {
        transitions.move(node, NodeState.DEAD, deadReason(node, phi, now), now);
      } else if (node.state == NodeState.HEALTHY && phi >= settings.suspectThreshold()) {
        transitions.move(node, NodeState.SUSPECT, "phi " + format(phi) + ": heartbeat late", now);
      } else if (node.state == NodeState.SUSPECT && phi < settings.suspectThreshold()) {
        transitions.move(node, NodeState.HEALTHY, "phi " + format(phi) + ": heartbeats again", now);
      }
    }
  }

  private String deadReason(NodeRecord node, double phi, long now) {
    String silence = Durations.format(Duration.ofMillis(node.phi.silenceNanos(now) / 1_000_000));
    return node.beats == 0
        ? "no heartbeat within " + silence + " of joining"
        : "phi "
            + format(phi)
            + " reached "
            + format(settings.threshold())
            + ": no heartbeat for "
            + silence;
  }

  @Override
  public void paused(long pauseNanos, long now, Collection<NodeRecord> nodes) {
    long burst = now + settings.interval().toNanos();
    for (NodeRecord node : nodes) {
      if (node.phi != null) {
        node.phi.shift(pauseNanos);
        node.burstUntil = burst;
      }
    }
  }

  @Override
  public double phi(NodeRecord node, long now) {
    return node.state == NodeState.LEFT ? 0 : node.phi.phi(now);
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
