/**
 * The {@code process} check type: a local process found by pid file, name or command line, with
 * optional limits. {@link io.vigil.checks.process.ProcessCheck} stays public for code that watches
 * a process it supervises; configuration files create it through {@link
 * io.vigil.checks.process.ProcessCheckTypes}.
 */
package io.vigil.checks.process;
