package io.vigil.checks;

import io.vigil.core.Secrets;
import io.vigil.core.Status;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The heartbeats pushed by watched systems to one application, by check name (Consul's TTL checks).
 * Each application keeps its own instance and hands it to its check types through {@link
 * CheckTypeContext}; a {@code heartbeat} check accepts beats only while it is registered (bound,
 * see {@link BoundCheck}), so creating one to validate a configuration changes nothing here.
 */
public final class Heartbeats {

  /** One beat: when, and the status and message it carried. */
  public record Beat(Instant at, Status status, String message) {}

  /** How many holders expect a name, and its last beat. */
  private record Slot(int holders, Optional<Beat> last) {}

  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  /** An empty registry: no name expected, no beat received. */
  public Heartbeats() {}

  /**
   * Declares a heartbeat so that beats for it are accepted, until as many {@link #release} calls.
   */
  public void expect(String name) {
    slots.compute(
        name,
        (k, slot) ->
            slot == null ? new Slot(1, Optional.empty()) : new Slot(slot.holders + 1, slot.last));
  }

  /** Undoes one {@link #expect}; the last one forgets the name and its last beat. */
  public void release(String name) {
    slots.computeIfPresent(
        name, (k, slot) -> slot.holders <= 1 ? null : new Slot(slot.holders - 1, slot.last));
  }

  /**
   * Records a beat; its message is kept with secrets masked ({@link Secrets#maskText}), as it
   * becomes the check's result.
   *
   * @return false when no heartbeat of that name is expected
   */
  public boolean beat(String name, Status status, String message, Instant at) {
    return slots.computeIfPresent(
            name,
            (k, slot) ->
                new Slot(
                    slot.holders, Optional.of(new Beat(at, status, Secrets.maskText(message)))))
        != null;
  }

  /** The last beat, if any arrived. */
  public Optional<Beat> last(String name) {
    Slot slot = slots.get(name);
    return slot == null ? Optional.empty() : slot.last;
  }

  /** Whether a heartbeat of that name is expected. */
  public boolean expects(String name) {
    return slots.containsKey(name);
  }
}
