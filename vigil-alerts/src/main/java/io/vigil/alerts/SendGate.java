package io.vigil.alerts;

import java.util.Optional;

/**
 * Asked before each notification is sent: in a fleet only the holder of the {@code alerts} lease
 * sends, and each notification is recorded with the lease's epoch first (a stale holder is
 * refused). A held notification stays in the outbox and is tried again later; nothing is lost.
 */
@FunctionalInterface
public interface SendGate {

  /** Every notification may go: one agent on its own. */
  SendGate OPEN = (sink, key) -> Optional.empty();

  /**
   * Why the notification {@code key} to {@code sink} must wait, or empty when it may be sent now.
   * Must not throw (a gate that cannot decide holds).
   */
  Optional<String> hold(String sink, String key);
}
