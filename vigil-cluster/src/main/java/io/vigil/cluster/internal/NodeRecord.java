package io.vigil.cluster.internal;

import io.vigil.cluster.NodeSpec;
import io.vigil.cluster.NodeState;
import java.time.Instant;
import java.util.Optional;

/** One node's mutable state. The engine's lock guards every field. */
final class NodeRecord {

  final NodeSpec spec;

  NodeState state = NodeState.JOINING;
  Instant since;
  String reason = "joined";

  /** When it joined, monotonic. */
  long joinedAt;

  /** Heartbeats before this (monotonic) are a burst after a pause: their intervals are not kept. */
  long burstUntil = Long.MIN_VALUE;

  /** When it last became live (healthy or suspect), monotonic; -1 while not live. */
  long liveSince = -1;

  /** When it turned dead, monotonic; -1 while not dead. */
  long deadSince = -1;

  /** Live when the first routing table was made: takes shards without waiting. */
  boolean founding;

  /** The last heartbeat or successful probe, wall time. */
  Optional<Instant> lastSign = Optional.empty();

  /** Consecutive failed probes. */
  int failures;

  /** When its next probe is due, monotonic. */
  long nextProbe;

  /** Probes started and not ended. */
  int inFlight;

  /** The start of the latest probe whose result was applied; older results are ignored. */
  long lastApplied = Long.MIN_VALUE;

  /** Its phi accrual detector (heartbeat detector only). */
  PhiAccrual phi;

  /** Heartbeats received since it joined. */
  long beats;

  NodeRecord(NodeSpec spec, Instant since) {
    this.spec = spec;
    this.since = since;
  }

  String id() {
    return spec.id();
  }
}
