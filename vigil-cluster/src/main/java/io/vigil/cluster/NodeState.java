package io.vigil.cluster;

import java.util.Locale;

/** Where a node is in its life in the cluster. */
public enum NodeState {
  /** Known, with no verdict yet (no successful probe or heartbeat so far). */
  JOINING,
  /** Answering: its probes succeed, or its heartbeats arrive in time. */
  HEALTHY,
  /** Late or failing, not yet dead: it keeps its shards. */
  SUSPECT,
  /** Judged dead: its shards are given to other nodes. */
  DEAD,
  /** Left on purpose: never reported dead, holds no shards. */
  LEFT;

  /** The state's name as JSON and logs show it: {@code healthy}. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the node counts as up: healthy or suspect. */
  public boolean live() {
    return this == HEALTHY || this == SUSPECT;
  }
}
