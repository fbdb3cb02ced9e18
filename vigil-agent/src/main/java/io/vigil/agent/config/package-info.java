/**
 * The agent's configuration: {@link io.vigil.agent.config.ConfigLoader} turns {@code vigil.yaml}
 * into a validated, immutable {@link io.vigil.agent.config.AgentConfig} of {@link
 * io.vigil.agent.config.CheckDefinition}s, or a {@link io.vigil.agent.config.ConfigException}
 * listing every problem with its path. The sections {@code server}, {@code node}, {@code defaults}
 * and the fields every check has are declared once, as tables of fields; the reference in {@code
 * docs/configuration.md} is generated from them ({@link io.vigil.agent.config.ConfigReference}).
 */
package io.vigil.agent.config;
