package io.vigil.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything known about health at one moment; immutable and cheap to read. {@link
 * Monitor#snapshot()} returns the latest one without running any check.
 *
 * @param status the system status
 * @param message why the system has this status, e.g. {@code "2 of 14 checks failing: db (critical,
 *     hard), cache"}
 * @param score mean score of the enabled checks that have results, in 0..1
 * @param scoreLevel the score judged by the monitor's score thresholds (HEALTHY, DEGRADED or
 *     UNHEALTHY)
 * @param checks every registered check by name, sorted by name
 * @param components every component by name, sorted by name
 * @param startTime when the monitor started (or was built, before start)
 * @param updatedAt when the newest state change in this snapshot happened
 * @param thresholds the score thresholds that judge score levels
 */
public record HealthSnapshot(
    SystemStatus status,
    String message,
    double score,
    SystemStatus scoreLevel,
    Map<String, CheckSnapshot> checks,
    Map<String, ComponentSnapshot> components,
    Instant startTime,
    Instant updatedAt,
    ScoreThresholds thresholds) {

  /** Keeps the maps as given; the engine passes unmodifiable sorted maps. */
  public HealthSnapshot {}

  /**
   * The status of the checks carrying a tag, judged by the same rules as the system (STARTING and
   * STOPPING carry over from the system).
   */
  public ComponentSnapshot group(String tag) {
    List<CheckSnapshot> members =
        checks.values().stream().filter(c -> c.spec().tags().contains(tag)).toList();
    return ComponentSnapshot.of(tag, members, status, thresholds);
  }

  /**
   * The dependencies of a check that are down (CRITICAL or UNKNOWN): while any is, the check's own
   * failure is most likely theirs, and recovery leaves it alone (Nagios' parent/child logic).
   */
  public List<String> blockedBy(String name) {
    CheckSnapshot c = checks.get(name);
    if (c == null) {
      return List.of();
    }
    return c.spec().dependsOn().stream()
        .filter(
            d -> {
              CheckSnapshot dep = checks.get(d);
              return dep != null && !dep.pending() && dep.status().isDown();
            })
        .toList();
  }

  /** The named check, if registered. */
  public Optional<CheckSnapshot> check(String name) {
    return Optional.ofNullable(checks.get(name));
  }
}
