/**
 * Running programs safely: {@link io.vigil.process.ProcessRunner} starts a program from an argv
 * list (never a shell) with an allowlisted environment in its own process group, and kills the
 * whole group at a timeout. Shared by the {@code command} check and the recovery actions.
 */
package io.vigil.process;
