/**
 * The engine behind {@link io.vigil.core.Monitor}; not an API. {@code DefaultMonitor} wires the
 * parts along the flow spec → run → result → state → event → snapshot: {@code Registry} (checks by
 * name), {@code Scheduler} (timer queue and thread), {@code Runner} (runs, deadlines, abandonment),
 * {@code Judge} (results → {@code CheckState}, flapping → events), {@code SnapshotCache} (system
 * status and the snapshot readers get). Everything is package-private but {@link
 * io.vigil.core.internal.DefaultEngineProvider}, which {@link java.util.ServiceLoader} needs.
 */
package io.vigil.core.internal;
