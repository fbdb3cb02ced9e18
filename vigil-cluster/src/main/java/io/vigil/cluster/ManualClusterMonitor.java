package io.vigil.cluster;

/**
 * A monitor without its own thread, for tests and simulations: nothing happens until {@link
 * #tick()}, with time from the builder's ticker. Advance a fake ticker by at most the tick interval
 * between ticks, or the monitor sees a pause of its own.
 */
public interface ManualClusterMonitor extends ClusterMonitor {

  /** One wake-up: notice pauses, start due probes, judge heartbeats, place shards. */
  void tick();
}
