/**
 * The operator commands of the {@code vigil} command line ({@code status}, {@code checks}, {@code
 * check}, {@code history}, {@code silence}, {@code quarantine}, {@code tasks}, {@code nodes},
 * {@code validate}, {@code completion}), each a client of a running agent's HTTP API. {@link
 * io.vigil.agent.cli.ClientCommands#addTo} adds them to the command line.
 */
package io.vigil.agent.cli;
