package io.vigil.store.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A task as stored: what to do, where it is, and its outcome.
 *
 * @param id the task's id (what {@code POST /api/tasks} answers)
 * @param queue the queue it is on
 * @param type the handler's type, e.g. {@code health_check}
 * @param payload the handler's input (a JSON object)
 * @param status where it is
 * @param attempts attempts started so far (a lost worker's attempt counts)
 * @param createdAt when it was enqueued
 * @param updatedAt when its row last changed
 * @param runAt when it may be claimed (later than now while it waits for a retry)
 * @param startedAt when its latest attempt started
 * @param finishedAt when it reached a final status
 * @param result the handler's result, once succeeded
 * @param error the latest attempt's error, if any (kept after a successful retry)
 * @param worker the worker running it, or the one that finished it
 * @param idempotencyKey the key it was enqueued with
 */
public record Task(
    long id,
    String queue,
    String type,
    JsonNode payload,
    TaskStatus status,
    int attempts,
    Instant createdAt,
    Instant updatedAt,
    Instant runAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<JsonNode> result,
    Optional<String> error,
    Optional<String> worker,
    Optional<String> idempotencyKey) {}
