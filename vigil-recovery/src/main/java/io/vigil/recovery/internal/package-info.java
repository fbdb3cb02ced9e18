/** Internals of the healer: the state file and the JSON form of its views. Not an API. */
package io.vigil.recovery.internal;
