/**
 * Component kits for people building distributed systems: small checks fed by the host system's own
 * numbers through suppliers (consensus, replication, cache, storage, queue, peers).
 */
package io.vigil.checks.kits;
