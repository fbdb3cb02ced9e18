package io.vigil.cluster;

/**
 * Receives cluster events, on a thread of its own and through a bounded queue: a slow or throwing
 * listener never delays detection or the other listeners (a full queue drops, counted).
 */
@FunctionalInterface
public interface ClusterListener {

  /** Handles one event. */
  void onEvent(ClusterEvent event);
}
