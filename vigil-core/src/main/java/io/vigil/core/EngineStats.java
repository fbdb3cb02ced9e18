package io.vigil.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Live counters of the engine itself, for diagnostics.
 *
 * @param checks registered checks
 * @param inFlight runs in progress
 * @param runs runs finished since start (timed-out runs included)
 * @param timeouts runs that hit their deadline
 * @param abandonedRuns runs that ignored interruption after their deadline
 * @param listenerDrops events dropped because a listener's queue was full
 * @param lastLag how late the most recent run started compared with its due time
 * @param maxLag the largest such lateness since start
 * @param lastTick when the scheduler last woke up (wall time)
 * @param sinceLastTick how long ago that was, on the monotonic clock, for liveness
 * @param schedulerLag how late every run since start started, as a histogram (p50, p99)
 */
public record EngineStats(
    int checks,
    int inFlight,
    long runs,
    long timeouts,
    long abandonedRuns,
    long listenerDrops,
    Duration lastLag,
    Duration maxLag,
    Instant lastTick,
    Duration sinceLastTick,
    LatencyHistogram schedulerLag) {}
