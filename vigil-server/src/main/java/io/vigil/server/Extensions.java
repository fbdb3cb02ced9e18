package io.vigil.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the application adds to the endpoints: a reload action for {@code POST /api/reload} and
 * extra sections of {@code /diagnostics} (each value is serialized as JSON; mask secrets first).
 *
 * @param reloader what {@code POST /api/reload} runs, if anything
 * @param diagnostics extra {@code /diagnostics} sections by name
 * @param heartbeats where {@code POST /api/heartbeat/{name}} delivers beats, if anywhere
 * @param checkSections extra sections of {@code /health/checks/{name}} (e.g. {@code recovery})
 */
public record Extensions(
    Optional<Reloader> reloader,
    Map<String, Supplier<Object>> diagnostics,
    Optional<HeartbeatSink> heartbeats,
    Map<String, java.util.function.Function<String, Optional<Object>>> checkSections) {

  /** Copies the map. */
  public Extensions {
    diagnostics = Map.copyOf(diagnostics);
    checkSections = Map.copyOf(checkSections);
  }

  /** No reload, no extra diagnostics. */
  public static Extensions none() {
    return new Extensions(Optional.empty(), Map.of(), Optional.empty(), Map.of());
  }

  /** These extensions with a reload action. */
  public Extensions withReloader(Reloader value) {
    return new Extensions(Optional.of(value), diagnostics, heartbeats, checkSections);
  }

  /** These extensions with one more diagnostics section. */
  public Extensions withDiagnostics(String name, Supplier<Object> section) {
    Map<String, Supplier<Object>> more = new LinkedHashMap<>(diagnostics);
    more.put(name, section);
    return new Extensions(reloader, more, heartbeats, checkSections);
  }

  /** These extensions with a heartbeat receiver. */
  public Extensions withHeartbeats(HeartbeatSink sink) {
    return new Extensions(reloader, diagnostics, Optional.of(sink), checkSections);
  }

  /** These extensions with one more section in each check's details, where it has one. */
  public Extensions withCheckSection(
      String name, java.util.function.Function<String, Optional<Object>> section) {
    Map<String, java.util.function.Function<String, Optional<Object>>> more =
        new LinkedHashMap<>(checkSections);
    more.put(name, section);
    return new Extensions(reloader, diagnostics, heartbeats, more);
  }

  /** Receives pushed heartbeats. */
  @FunctionalInterface
  public interface HeartbeatSink {
    /**
     * Records a beat.
     *
     * @return false when no heartbeat check of that name exists
     */
    boolean beat(String name, io.vigil.core.Status status, String message);
  }

  /** Reloads the configuration; called by {@code POST /api/reload}. */
  @FunctionalInterface
  public interface Reloader {
    /** Reloads and says what happened. */
    ReloadOutcome reload();
  }

  /**
   * What a reload did.
   *
   * @param applied whether the new configuration is running
   * @param problems why it was rejected (empty when applied)
   * @param warnings corrections applied
   * @param summary counts such as {@code added}, {@code removed}, {@code changed}, {@code
   *     unchanged}
   */
  public record ReloadOutcome(
      boolean applied,
      java.util.List<String> problems,
      java.util.List<String> warnings,
      Map<String, Integer> summary) {}
}
