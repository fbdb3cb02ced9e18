/**
 * Vigil's alerts: {@link io.vigil.alerts.Alerts} turns health events (and other {@link
 * io.vigil.alerts.Signal}s: recovery that gave up, a dead node) into {@link
 * io.vigil.alerts.Alert}s, decides what to send (dedup, grouping, flapping, inhibition through
 * {@code dependsOn}, silences, maintenance windows, per-sink rate limits) on an injected {@link
 * io.vigil.core.Ticker}, writes each {@link io.vigil.alerts.Notification} to the store's outbox,
 * then delivers it to its {@link io.vigil.alerts.Sink} at least once (retries with capped
 * exponential backoff, a dead letter after a deadline). Sinks: {@link io.vigil.alerts.Sinks}.
 * Implementation in {@code io.vigil.alerts.internal}.
 */
package io.vigil.alerts;
