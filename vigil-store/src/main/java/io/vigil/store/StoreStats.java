package io.vigil.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Live counters of the store's writer (for {@code /metrics} and {@code /diagnostics}).
 *
 * @param queueDepth rows not yet written: queued, or in a write that has not ended
 * @param queueCapacity rows that fit before the oldest are dropped
 * @param written rows written since the store opened
 * @param dropped rows dropped (oldest first) because the queue was full
 * @param failedWrites write transactions that failed (each is retried)
 * @param lastWrite how long the last successful write transaction took
 * @param failingFor how long writes have been failing, empty while they succeed
 * @param lastError the last write error, credentials masked
 */
public record StoreStats(
    int queueDepth,
    int queueCapacity,
    long written,
    long dropped,
    long failedWrites,
    Duration lastWrite,
    Optional<Duration> failingFor,
    Optional<String> lastError) {}
