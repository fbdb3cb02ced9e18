/**
 * Vigil's persistence: {@link io.vigil.store.Store} keeps check history (state transitions and
 * per-minute rollups compacted to hourly and daily) across restarts, answers history, uptime and
 * trend questions, and holds the durable task queue ({@link io.vigil.store.tasks}). Two engines:
 * embedded SQLite (the default, one file) and PostgreSQL (for a fleet), chosen by the JDBC URL.
 * Implementations live in {@code io.vigil.store.internal}.
 */
package io.vigil.store;
