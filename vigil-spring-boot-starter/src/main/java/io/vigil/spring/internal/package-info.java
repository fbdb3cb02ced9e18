/**
 * Not API: how the starter turns indicators into checks, serves Actuator's health from the snapshot
 * and wires the monitor into Spring's lifecycle. Public only where Spring needs it.
 */
package io.vigil.spring.internal;
