package io.vigil.store.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One notification of the {@link Outbox}.
 *
 * @param id its id, increasing in the order notifications were written
 * @param sink the sink it is for
 * @param key its idempotency key, unique per sink
 * @param status where it is
 * @param alerts the fingerprints of the alerts it carries
 * @param payload the notification, as the alert engine wrote it (JSON)
 * @param attempts how many times sending it was tried
 * @param createdAt when it was written
 * @param nextAttemptAt when it may be tried (again)
 * @param deadline after this it is dead-lettered instead of tried again
 * @param sentAt when it was delivered
 * @param lastError why the last attempt failed
 */
public record OutboxEntry(
    long id,
    String sink,
    String key,
    OutboxStatus status,
    List<String> alerts,
    String payload,
    int attempts,
    Instant createdAt,
    Instant nextAttemptAt,
    Instant deadline,
    Optional<Instant> sentAt,
    Optional<String> lastError) {

  /** Copies the list. */
  public OutboxEntry {
    alerts = List.copyOf(alerts);
  }
}
