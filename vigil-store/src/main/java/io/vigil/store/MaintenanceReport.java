package io.vigil.store;

/**
 * What one maintenance pass did.
 *
 * @param minutesCompacted per-minute rows folded into hourly ones
 * @param hoursCompacted hourly rows folded into daily ones
 * @param daysDeleted daily rows past their retention
 * @param transitionsDeleted transitions past their retention
 * @param tasksDeleted finished tasks past their retention
 * @param recoveryEventsDeleted recovery events past their retention (that of the transitions)
 */
public record MaintenanceReport(
    long minutesCompacted,
    long hoursCompacted,
    long daysDeleted,
    long transitionsDeleted,
    long tasksDeleted,
    long recoveryEventsDeleted) {}
