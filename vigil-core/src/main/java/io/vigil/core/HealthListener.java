package io.vigil.core;

/**
 * Receives {@link HealthEvent}s on its own thread, in order. A slow or throwing listener delays
 * neither the scheduler nor other listeners: its bounded queue drops what does not fit and counts
 * it ({@link Subscription#dropped()}).
 */
@FunctionalInterface
public interface HealthListener {

  /** Handles one event; exceptions are logged and counted, never propagated. */
  void onEvent(HealthEvent event);
}
