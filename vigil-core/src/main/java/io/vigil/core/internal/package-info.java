/**
 * The engine's implementation: scheduler, state machines, aggregation, history, listener dispatch.
 * Not an API; {@link io.vigil.core.internal.DefaultMonitor} is public only so tests and benchmarks
 * can drive it by hand.
 */
package io.vigil.core.internal;
