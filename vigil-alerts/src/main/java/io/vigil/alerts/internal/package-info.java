/** Implementation of vigil-alerts: the decision engine, the outbox channel, delivery, sinks. */
package io.vigil.alerts.internal;
