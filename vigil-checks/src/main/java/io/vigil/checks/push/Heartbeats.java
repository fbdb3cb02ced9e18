package io.vigil.checks.push;

import io.vigil.core.Status;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The heartbeats pushed by watched systems, by check name (Consul's TTL checks). {@link #shared()}
 * is the registry that configured {@code heartbeat} checks and {@code POST /api/heartbeat/{name}}
 * use; Java users may keep their own.
 */
public final class Heartbeats {

  /** One beat: when, and the status and message it carried. */
  public record Beat(Instant at, Status status, String message) {}

  private static final Heartbeats SHARED = new Heartbeats();

  private final Map<String, Optional<Beat>> beats = new ConcurrentHashMap<>();

  /** The registry used by configuration files and the HTTP API. */
  public static Heartbeats shared() {
    return SHARED;
  }

  /** Declares a heartbeat so that beats for it are accepted. */
  public void expect(String name) {
    beats.putIfAbsent(name, Optional.empty());
  }

  /**
   * Records a beat.
   *
   * @return false when no heartbeat of that name is expected
   */
  public boolean beat(String name, Status status, String message, Instant at) {
    return beats.computeIfPresent(name, (k, v) -> Optional.of(new Beat(at, status, message)))
        != null;
  }

  /** The last beat, if any arrived. */
  public Optional<Beat> last(String name) {
    return beats.getOrDefault(name, Optional.empty());
  }

  /** Whether a heartbeat of that name is expected. */
  public boolean expects(String name) {
    return beats.containsKey(name);
  }
}
