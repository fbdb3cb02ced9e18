package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.checks.CheckTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reference in the docs is the one generated from the field tables. */
class ConfigReferenceTest {

  private static final Path DOC =
      Path.of("..", "docs", "configuration.md").toAbsolutePath().normalize();

  @Test
  void docsHoldEveryGeneratedTableVerbatim() throws Exception {
    String doc = Files.readString(DOC);
    ConfigReference.parts()
        .forEach(
            (section, part) ->
                assertThat(doc)
                    .as("the %s part of %s (print it: vigil config-reference)", section, DOC)
                    .contains(part));
  }

  @Test
  void everyDefaultsFieldIsACheckFieldAndCanBeOverridden() throws ConfigException {
    assertThat(CheckFields.CHECK.names()).containsAll(CheckFields.DEFAULTS.names());
    AgentConfig config =
        new ConfigLoader(CheckTypes.load(), Map.of("VIGIL_DEFAULTS_FAILURE_THRESHOLD", "5"))
            .parse("checks: [{ name: a, type: fixed }]", Optional.empty());
    assertThat(config.checks().getFirst().spec().failureThreshold()).isEqualTo(5);
  }

  @Test
  void anUnknownFieldOfADeclaredSectionListsTheKnownOnes() {
    ConfigLoader loader = new ConfigLoader(CheckTypes.load(), Map.of());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> loader.parse("node: { name: x }", Optional.empty()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.problems()).contains("node.name: unknown field; known fields: id"));
  }
}
