package io.vigil.core.testing;

import io.vigil.core.HealthEvent;
import io.vigil.core.HealthListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event it receives, in order. */
public final class RecordingListener implements HealthListener {

  private final List<HealthEvent> events = new CopyOnWriteArrayList<>();

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
