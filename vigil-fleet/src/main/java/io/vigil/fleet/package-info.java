/**
 * A fleet of agents sharing one PostgreSQL database (the store's): membership by leases on
 * PostgreSQL's clock, the checks split into partitions each owned by one live agent under a fencing
 * epoch, singleton leases ("alerts", "cluster"), actions granted in fenced transactions with a
 * fleet-wide restart budget, and the checks' states shared for a fleet-wide /health.
 *
 * <p>Start with {@link io.vigil.fleet.Fleet#start}; see {@code docs/fleet.md} and {@code
 * docs/fleet-internals.md}.
 */
package io.vigil.fleet;
