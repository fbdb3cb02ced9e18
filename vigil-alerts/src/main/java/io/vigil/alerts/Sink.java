package io.vigil.alerts;

/**
 * Where notifications go. {@link #send} is called for one notification at a time per sink (never
 * concurrently), with the same notification again after a {@link Delivery.Retry}. Built by {@link
 * Sinks}.
 */
public interface Sink extends AutoCloseable {

  /** The sink's name, unique among the sinks. */
  String name();

  /** Its type: {@code log}, {@code webhook}, {@code slack}, {@code alertmanager}, {@code email}. */
  String type();

  /**
   * Sends one notification; never throws for a failed delivery (answers a {@link Delivery} that
   * says why, with no secret in it).
   */
  Delivery send(Notification notification);

  /** Where it sends, secrets masked, for diagnostics. */
  String describe();

  /** Releases its resources; the default does nothing. */
  @Override
  default void close() {}
}
