package io.vigil.store.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Notifications written before they are sent. Each write is acknowledged once committed, so a
 * notification written survives a crash of the process and is sent after a restart. Thread-safe.
 *
 * @see io.vigil.store.Store#outbox()
 */
public interface Outbox {

  /**
   * Writes a notification, pending; writing the same {@code (sink, key)} again returns the one
   * written first and changes nothing.
   */
  OutboxEntry add(String sink, String key, List<String> alerts, String payload, Instant deadline);

  /** The sink's pending and failed notifications, oldest first (at most {@code limit}). */
  List<OutboxEntry> unsent(String sink, int limit);

  /** Marks a notification delivered. */
  void sent(long id, Instant at);

  /** Records a failed attempt; the notification is tried again at {@code nextAttempt}. */
  void retry(long id, String error, Instant at, Instant nextAttempt);

  /** Records a final failed attempt: the notification is dead-lettered. */
  void dead(long id, String error, Instant at);

  /** Notifications, newest first, of a status and a sink when given (at most {@code limit}). */
  List<OutboxEntry> list(Optional<OutboxStatus> status, Optional<String> sink, int limit);

  /** How many notifications each sink has in each status. */
  Map<String, Map<OutboxStatus, Long>> counts();

  /**
   * Deletes sent and dead notifications last changed before {@code before}.
   *
   * @return how many were deleted
   */
  int purge(Instant before);
}
