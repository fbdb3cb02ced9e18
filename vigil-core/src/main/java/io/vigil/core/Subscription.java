package io.vigil.core;

/** A listener's subscription: its counters, and {@link #close()} to stop receiving events. */
public interface Subscription extends AutoCloseable {

  /** Events delivered to the listener so far. */
  long delivered();

  /** Events dropped because the listener's queue was full. */
  long dropped();

  /** Events whose handling threw. */
  long failed();

  /** Stops delivery after the events already queued; waits briefly for them. */
  @Override
  void close();
}
