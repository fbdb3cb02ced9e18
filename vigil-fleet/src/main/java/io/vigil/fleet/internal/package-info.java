/** The fleet's implementation: the renewal round's SQL, the lease clock, events, fences, states. */
package io.vigil.fleet.internal;
