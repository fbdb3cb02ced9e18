package io.vigil.core.testing;

import io.vigil.core.HealthEvent;
import io.vigil.core.HealthListener;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keeps every event it receives, in order. Appending is O(1), so a listener with a long backlog
 * (the stress test's) drains quickly when the monitor stops.
 */
public final class RecordingListener implements HealthListener {

  private final Queue<HealthEvent> events = new ConcurrentLinkedQueue<>();

  @Override
  public void onEvent(HealthEvent event) {
    events.add(event);
  }

  public List<HealthEvent> events() {
    return List.copyOf(events);
  }

  public <T extends HealthEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
