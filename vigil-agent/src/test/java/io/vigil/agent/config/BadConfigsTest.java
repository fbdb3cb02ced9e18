package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.checks.CheckTypes;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code bad-configs/} is rejected, and each line of its {@code .expected} sibling
 * appears among the reported problems.
 */
class BadConfigsTest {

  static Stream<Path> badConfigs() throws IOException, URISyntaxException {
    Path dir = Path.of(BadConfigsTest.class.getResource("/bad-configs").toURI());
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(20);
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void isRejectedWithEveryExpectedProblem(Path file) throws IOException {
    Path expectedFile =
        file.resolveSibling(file.getFileName().toString().replace(".yaml", ".expected"));
    List<String> expected =
        Files.readAllLines(expectedFile).stream().filter(l -> !l.isBlank()).toList();
    ConfigLoader loader = new ConfigLoader(CheckTypes.load(), Map.of());
    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              String all = String.join("\n", e.problems());
              for (String line : expected) {
                assertThat(all).as("problems of %s", file.getFileName()).contains(line);
              }
              assertThat(e.getMessage()).startsWith("invalid configuration in " + file);
            });
  }
}
