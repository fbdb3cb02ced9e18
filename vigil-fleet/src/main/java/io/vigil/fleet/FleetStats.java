package io.vigil.fleet;

import java.time.Duration;

/**
 * Counters of one agent's fleet membership.
 *
 * @param renewals successful renewal rounds
 * @param failedRenewals renewal rounds that failed (database unreachable, or the agent id in use)
 * @param takeovers partitions and singleton leases taken with a new epoch
 * @param released partitions given up (to peers that joined, or at close)
 * @param staleWritesRefused check states not written because the writer's epoch was not current
 * @param lastRenewal how long the last successful round took
 * @param acting whether the agent is acting now
 */
public record FleetStats(
    long renewals,
    long failedRenewals,
    long takeovers,
    long released,
    long staleWritesRefused,
    Duration lastRenewal,
    boolean acting) {}
