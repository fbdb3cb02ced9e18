/**
 * Cluster health: which nodes are alive, and which node serves which shard.
 *
 * <p>A {@link io.vigil.cluster.ClusterMonitor} keeps the membership ({@link
 * io.vigil.cluster.NodeSpec}, states in {@link io.vigil.cluster.NodeState}), judges each node with
 * one of two detectors ({@link io.vigil.cluster.DetectorSettings}: HTTP probes with a failure
 * threshold, or pushed heartbeats with phi accrual), places shards on the live nodes by weighted
 * rendezvous hashing spread across zones, and publishes every change as a new {@link
 * io.vigil.cluster.RoutingTable} with a higher epoch and as {@link io.vigil.cluster.ClusterEvent}s.
 * It notices its own pauses (GC, SIGSTOP, a starved VM) and never holds them against the nodes.
 * {@link io.vigil.cluster.ClusterHealth} turns the cluster's state into checks of a {@link
 * io.vigil.core.Monitor}.
 */
package io.vigil.cluster;
