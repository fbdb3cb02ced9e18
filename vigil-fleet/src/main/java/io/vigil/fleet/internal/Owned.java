package io.vigil.fleet.internal;

import io.vigil.core.Subscription;
import io.vigil.fleet.Ownership;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The partitions this agent owns, each with its epoch, as the last renewal round read them. Every
 * change is emitted to the listeners under this object's lock, so they see the changes in order.
 */
public final class Owned {

  private final Events events;
  private final List<Events.Sub<Ownership>> listeners = Events.listeners();
  private volatile Map<Integer, Long> epochs = Map.of();

  public Owned(Events events) {
    this.events = events;
  }

  /** The partitions owned now (an immutable copy). */
  public Set<Integer> partitions() {
    return epochs.keySet();
  }

  /** The epochs by partition (immutable). */
  public Map<Integer, Long> epochs() {
    return epochs;
  }

  /** The epoch of an owned partition. */
  public OptionalLong epoch(int partition) {
    Long e = epochs.get(partition);
    return e == null ? OptionalLong.empty() : OptionalLong.of(e);
  }

  /** How many are owned. */
  public int size() {
    return epochs.size();
  }

  /**
   * Replaces the owned set by what the database says. A partition owned again under another epoch
   * is told as lost, then gained.
   */
  public synchronized void set(Map<Integer, Long> now) {
    Map<Integer, Long> before = epochs;
    Set<Integer> lost = new HashSet<>();
    Set<Integer> changed = new HashSet<>();
    for (Map.Entry<Integer, Long> e : before.entrySet()) {
      Long epoch = now.get(e.getKey());
      if (epoch == null) {
        lost.add(e.getKey());
      } else if (!epoch.equals(e.getValue())) {
        changed.add(e.getKey());
      }
    }
    Set<Integer> gained = new HashSet<>(now.keySet());
    gained.removeAll(before.keySet());
    if (!changed.isEmpty()) {
      Map<Integer, Long> without = new HashMap<>(before);
      without.keySet().removeAll(changed);
      without.keySet().removeAll(lost);
      publish(without, Set.of(), union(lost, changed));
      lost.clear();
      gained.addAll(changed);
    }
    if (!lost.isEmpty() || !gained.isEmpty()) {
      publish(now, gained, lost);
    }
  }

  /**
   * Gives up the partitions locally (before the database is told, so no peer can own one first).
   */
  public synchronized void drop(Collection<Integer> partitions) {
    Map<Integer, Long> now = new HashMap<>(epochs);
    Set<Integer> lost = new HashSet<>();
    for (Integer p : partitions) {
      if (now.remove(p) != null) {
        lost.add(p);
      }
    }
    if (!lost.isEmpty()) {
      publish(now, Set.of(), lost);
    }
  }

  /** Gives up every partition locally (the lease lapsed, or the agent closes). */
  public synchronized void dropAll() {
    drop(List.copyOf(epochs.keySet()));
  }

  /** Subscribes; the current set comes first as {@code gained}. */
  public synchronized Subscription subscribe(Consumer<Ownership> listener) {
    Set<Integer> current = epochs.keySet();
    return events.add(listeners, listener, new Ownership(current, current, Set.of()));
  }

  private void publish(Map<Integer, Long> now, Set<Integer> gained, Set<Integer> lost) {
    epochs = Map.copyOf(now);
    events.emit(listeners, new Ownership(epochs.keySet(), gained, lost));
  }

  private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
    Set<Integer> u = new HashSet<>(a);
    u.addAll(b);
    return u;
  }
}
