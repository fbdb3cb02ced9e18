package io.vigil.cluster.internal;

import io.vigil.cluster.NodeState;

/** Moves a node to another state, with the events that go with it; under the engine's lock. */
@FunctionalInterface
interface Transitions {

  /** Moves {@code node} to {@code to} at {@code now}; nothing when it is there already. */
  void move(NodeRecord node, NodeState to, String reason, long now);
}
