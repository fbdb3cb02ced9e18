/** The local checks the agent runs without configuration: JVM heap and disk space. */
package io.vigil.agent.checks;
