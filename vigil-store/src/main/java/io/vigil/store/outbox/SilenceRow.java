package io.vigil.store.outbox;

import java.time.Instant;

/**
 * A stored silence.
 *
 * @param id its id
 * @param matchers its matchers as the alert engine wrote them (JSON)
 * @param startsAt when it starts
 * @param endsAt when it ends (the moment it was expired, once expired)
 * @param createdBy who made it
 * @param comment why
 */
public record SilenceRow(
    String id,
    String matchers,
    Instant startsAt,
    Instant endsAt,
    String createdBy,
    String comment) {}
