package io.vigil.cluster;

import io.vigil.core.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Watches the nodes of a cluster and routes its shards. Build one with {@link #builder()}, {@link
 * #start()} it, and read it at any time: reads never wait for a probe.
 *
 * <pre>{@code
 * ClusterMonitor cluster = ClusterMonitor.builder()
 *     .node(NodeSpec.of("n1", "10.0.0.1:9042").withHealthUrl(URI.create("http://10.0.0.1:8080/health")))
 *     .node(NodeSpec.of("n2", "10.0.0.2:9042").withHealthUrl(URI.create("http://10.0.0.2:8080/health")))
 *     .shards(64).replicationFactor(2)
 *     .build();
 * cluster.subscribe(event -> log(event));
 * cluster.start();
 * String owner = cluster.routing().primaryOf(RoutingTable.shardFor("user:42", 64)).orElseThrow();
 * }</pre>
 */
public interface ClusterMonitor extends AutoCloseable {

  /** A builder with every default: the probe detector, 64 shards, 2 copies each. */
  static ClusterMonitorBuilder builder() {
    return new ClusterMonitorBuilder();
  }

  /** Starts judging, probing and placing (on a thread of the builder's thread factory). */
  void start();

  /** Stops; listeners get what was queued. Idempotent. */
  @Override
  void close();

  /**
   * Adds a node (state {@code joining}). A node that left may join again with the same id.
   *
   * @throws IllegalStateException when a node with that id is a member
   */
  NodeView join(NodeSpec node);

  /** Removes a node gracefully (state {@code left}, never dead); empty when unknown. */
  Optional<NodeView> leave(String id);

  /**
   * Records a heartbeat of a node (heartbeat detector).
   *
   * @return the node after the beat; empty when unknown
   * @throws IllegalStateException when the node left, or the detector is the probe
   */
  Optional<NodeView> heartbeat(String id);

  /** Every node, in joining order, left ones included. */
  List<NodeView> nodes();

  /** One node. */
  Optional<NodeView> node(String id);

  /** The current routing table. */
  RoutingTable routing();

  /**
   * The first routing table with an epoch above {@code afterEpoch}, completed when it exists (at
   * once if it already does). Never completes exceptionally; the caller adds its timeout.
   */
  CompletableFuture<RoutingTable> nextRouting(long afterEpoch);

  /**
   * Waits up to {@code timeout} for a routing table newer than {@code afterEpoch} (a long poll);
   * returns the current table when none came.
   */
  RoutingTable awaitRouting(long afterEpoch, Duration timeout) throws InterruptedException;

  /** Counts and flags for checks, metrics and diagnostics. */
  ClusterStatus status();

  /** The settings in force. */
  ClusterSettings settings();

  /** Subscribes a listener to every event from now on. */
  Subscription subscribe(ClusterListener listener);
}
