/**
 * The alert engine's durable state: the notification {@link io.vigil.store.outbox.Outbox} (every
 * notification is written here before it is sent, so it is sent at least once across crashes) and
 * the {@link io.vigil.store.outbox.Silences}. The store keeps rows; what they mean (matchers,
 * payloads, retry policy) belongs to vigil-alerts.
 */
package io.vigil.store.outbox;
