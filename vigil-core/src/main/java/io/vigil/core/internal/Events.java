package io.vigil.core.internal;

import io.vigil.core.HealthEvent;
import io.vigil.core.HealthListener;
import io.vigil.core.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's subscribers, one {@link Dispatcher} each. Events are emitted under the engine lock,
 * so every listener sees them in the same order.
 */
final class Events {

  private final int queueSize;
  private final List<Dispatcher> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong closedListenerDrops = new AtomicLong();

  Events(int queueSize) {
    this.queueSize = queueSize;
  }

  /** Whether anyone listens; lets the engine skip building events nobody reads. */
  boolean any() {
    return !listeners.isEmpty();
  }

  /** Offers the event to every listener; engine lock. */
  void emit(HealthEvent event) {
    if (listeners.isEmpty()) {
      return;
    }
    for (Dispatcher listener : listeners) {
      listener.offer(event);
    }
  }

  /** A new subscriber; closed at once when {@code ended}, so no thread is left behind. */
  Subscription subscribe(HealthListener listener, boolean ended) {
    Dispatcher dispatcher =
        new Dispatcher(
            listener,
            queueSize,
            closed -> {
              listeners.remove(closed);
              closedListenerDrops.addAndGet(closed.dropped());
            });
    listeners.add(dispatcher);
    if (ended) {
      dispatcher.close();
    }
    return dispatcher;
  }

  /** Events dropped so far, by current and closed listeners. */
  long dropped() {
    long drops = closedListenerDrops.get();
    for (Dispatcher listener : listeners) {
      drops += listener.dropped();
    }
    return drops;
  }

  /** Delivers what is queued and ends every listener's thread. */
  void closeAll() {
    for (Dispatcher listener : listeners) {
      listener.close();
    }
  }
}
