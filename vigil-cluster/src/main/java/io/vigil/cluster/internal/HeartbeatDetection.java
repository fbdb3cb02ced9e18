package io.vigil.cluster.internal;

import io.vigil.cluster.DetectorSettings;
import io.vigil.cluster.NodeState;
import io.vigil.core.Durations;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;

/**
 * The heartbeat detector: each node's phi accrual is judged at every wake-up: suspect at the
 * suspect threshold, dead at the threshold; any heartbeat makes the node healthy again. A pause of
 * the monitor shifts every node's last heartbeat by the pause.
 */
final class HeartbeatDetection implements Detection {

  private final DetectorSettings.Heartbeat settings;
  private final Transitions transitions;

  HeartbeatDetection(DetectorSettings.Heartbeat settings, Transitions transitions) {
    this.settings = settings;
    this.transitions = transitions;
  }

  @Override
  public void joined(NodeRecord node, long now) {
    node.phi = new PhiAccrual(settings, now);
    node.beats = 0;
  }

  /** A heartbeat of {@code node} at {@code now}. */
  void beat(NodeRecord node, long now) {
    boolean available = node.state != NodeState.DEAD && node.phi.phi(now) < settings.threshold();
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
    for (NodeRecord node : nodes) {
      if (node.phi != null) {
        node.phi.shift(pauseNanos);
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
