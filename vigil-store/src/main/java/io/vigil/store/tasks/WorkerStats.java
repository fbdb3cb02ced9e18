package io.vigil.store.tasks;

/**
 * Counters of one worker since it started.
 *
 * @param claimed attempts started
 * @param succeeded tasks that succeeded
 * @param retried attempts that failed and were queued again
 * @param failed tasks failed permanently
 * @param dead tasks moved to the dead letter
 * @param timedOut attempts interrupted at their timeout
 * @param reaped other workers' tasks found without heartbeat and queued again
 * @param refused completions refused because the task had been taken over meanwhile (each is a
 *     duplicate execution, as at-least-once allows)
 */
public record WorkerStats(
    long claimed,
    long succeeded,
    long retried,
    long failed,
    long dead,
    long timedOut,
    long reaped,
    long refused) {}
