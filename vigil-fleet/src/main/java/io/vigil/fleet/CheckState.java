package io.vigil.fleet;

import java.time.Instant;

/**
 * A check's latest state as shared with the fleet. On {@link CheckStates#write}, {@code partition},
 * {@code epoch}, {@code owner} and {@code writtenAt} are set by the writer (its own epoch of the
 * check's partition, its id, PostgreSQL's clock); the values given are ignored. Times are kept to
 * the microsecond.
 *
 * @param check the check's name
 * @param partition its partition ({@link Fleet#partition(String, int)})
 * @param epoch the writer's epoch of the partition
 * @param owner the writer's agent id
 * @param status ok, warning, critical or unknown
 * @param stateType soft or hard
 * @param consecutiveFailures failures in a row
 * @param consecutiveSuccesses successes in a row
 * @param flapping whether the check flaps
 * @param critical whether the check is critical
 * @param component the component it belongs to (may be null)
 * @param message the last result's message (may be null)
 * @param latencyMs the last run's latency
 * @param resultAt when the last result was produced (may be null)
 * @param lastChange when the state last changed (may be null)
 * @param writtenAt when the row was written
 */
public record CheckState(
    String check,
    int partition,
    long epoch,
    String owner,
    String status,
    String stateType,
    int consecutiveFailures,
    int consecutiveSuccesses,
    boolean flapping,
    boolean critical,
    String component,
    String message,
    long latencyMs,
    Instant resultAt,
    Instant lastChange,
    Instant writtenAt) {}
