package io.vigil.fleet;

import java.time.Duration;
import java.time.Instant;

/**
 * An agent of the fleet as the database knows it.
 *
 * @param id its agent id
 * @param address where it is reached
 * @param version its version
 * @param startedAt when it registered (PostgreSQL's clock)
 * @param leaseAge time since its last renewal, by PostgreSQL's clock
 * @param alive whether its lease has not expired
 * @param partitions how many partitions it owns under a live lease
 */
public record FleetAgent(
    String id,
    String address,
    String version,
    Instant startedAt,
    Duration leaseAge,
    boolean alive,
    int partitions) {}
