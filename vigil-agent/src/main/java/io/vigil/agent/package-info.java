/** The Vigil agent: the {@code vigil} command line and the wiring of the engine. */
package io.vigil.agent;
