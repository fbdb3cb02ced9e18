package io.vigil.cluster.internal;

import java.util.Collection;

/** A failure detector as the engine drives it, under its lock. */
interface Detection {

  /** A node joined at {@code now}. */
  void joined(NodeRecord node, long now);

  /** A wake-up: start probes, judge silences. */
  void tick(long now, Collection<NodeRecord> nodes);

  /** The monitor was paused for {@code pauseNanos}, noticed at {@code now}. */
  void paused(long pauseNanos, long now, Collection<NodeRecord> nodes);

  /** The node's suspicion for views and metrics. */
  double phi(NodeRecord node, long now);
}
