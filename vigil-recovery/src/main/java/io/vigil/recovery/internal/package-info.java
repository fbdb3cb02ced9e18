/**
 * Internals of the healer: its recovery state (working copy, file) and the JSON form of its views.
 * Not an API.
 */
package io.vigil.recovery.internal;
