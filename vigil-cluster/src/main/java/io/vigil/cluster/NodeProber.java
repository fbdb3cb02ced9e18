package io.vigil.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Probes one node for the probe detector. The default GETs the node's health URL with the monitor's
 * one shared HTTP client; embedding code may probe otherwise (a TCP connect, a driver ping). Must
 * not block: return a future, complete it within the timeout (or it counts as timed out), and never
 * complete it exceptionally on a node's failure (a failed {@link ProbeResult}).
 */
@FunctionalInterface
public interface NodeProber {

  /** Starts a probe of {@code node} that ends within {@code timeout}. */
  CompletableFuture<ProbeResult> probe(NodeSpec node, Duration timeout);
}
