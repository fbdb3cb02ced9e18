package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.checks.CheckTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a careful user or a hostile one writes: YAML's surprises, long chains, unset variables. */
class ConfigEdgeCasesTest {

  @TempDir Path dir;

  private final ConfigLoader loader = new ConfigLoader(CheckTypes.load(), Map.of());

  private AgentConfig parse(String yaml) throws ConfigException {
    return loader.parse(yaml, Optional.empty());
  }

  private static String problems(ConfigException e) {
    return String.join("\n", e.problems());
  }

  @Test
  void namesAndTextsStayWhatTheUserWrote() throws ConfigException {
    AgentConfig config =
        parse(
            """
            checks:
              - { name: off, type: fixed, description: yes, enabled: no }
              - { name: 1.10, type: fixed, component: on, tags: [no, 010] }
              - { name: y, type: fixed, enabled: yes, critical: on }
            """);
    assertThat(config.checks().get(0).name()).isEqualTo("off");
    assertThat(config.checks().get(0).spec().description()).isEqualTo("yes");
    assertThat(config.checks().get(0).spec().enabled()).isFalse();
    assertThat(config.checks().get(1).name()).isEqualTo("1.10");
    assertThat(config.checks().get(1).spec().component()).isEqualTo("on");
    assertThat(config.checks().get(1).spec().tags()).containsExactlyInAnyOrder("no", "010");
    assertThat(config.checks().get(2).spec().enabled()).isTrue();
    assertThat(config.checks().get(2).spec().critical()).isTrue();
  }

  @Test
  void aFileWithOnlyACommentIsAsValidAsAnEmptyOne() throws ConfigException {
    assertThat(parse("").checks()).isEmpty();
    assertThat(parse("# nothing to watch yet\n").checks()).isEmpty();
    assertThat(parse("---\n# still nothing\n").checks()).isEmpty();
  }

  @Test
  void anUnsetVariableIsOneProblemAtItsFirstUse() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    checks:
                      - { name: a, type: http, url: "${VIGIL_TEST_UNSET_URL}" }
                      - { name: b, type: http, url: "${VIGIL_TEST_UNSET_URL}" }
                    """))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "checks[0].url: environment variable VIGIL_TEST_UNSET_URL is not set"
                            + " (set it, or give a default as in ${NAME:-default});"
                            + " also used at checks[1].url"));
  }

  @Test
  void theHintForAnUnsetSecretIsNotMasked() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    server: { token: "${VIGIL_TEST_API_TOKEN}" }
                    checks:
                      - { name: db, type: jdbc, url: "jdbc:postgresql://u:${VIGIL_TEST_DB_PASSWORD}@h/db" }
                    """))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(problems(e))
                  .contains(
                      "server.token: environment variable VIGIL_TEST_API_TOKEN is not set"
                          + " (set it, or give a default as in ${NAME:-default})")
                  .contains(
                      "checks[0].url: environment variable VIGIL_TEST_DB_PASSWORD is not set"
                          + " (set it, or give a default as in ${NAME:-default})")
                  .doesNotContain("******");
            });
  }

  @Test
  void aLongDependsOnChainIsValidOnAThreadWithAnOrdinaryStack() throws Exception {
    for (int length : new int[] {3_000, 20_000}) {
      String yaml = chain(length, "");
      FutureTask<AgentConfig> task = new FutureTask<>(() -> parse(yaml));
      // A request thread's stack, not the test runner's main thread's 8 MB.
      Thread thread = new Thread(null, task, "small-stack", 512 * 1024);
      thread.start();
      assertThat(task.get(60, TimeUnit.SECONDS).checks()).hasSize(length);
    }
  }

  @Test
  void aCycleClosingALongChainIsFound() {
    assertThatThrownBy(() -> parse(chain(20_000, "c0")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("checks: dependsOn forms a cycle: c0 -> c1 -> c2 -> ")
                    .endsWith(" -> c19999 -> c0"));
  }

  /**
   * c0 depends on c1, c1 on c2, ...: a search from c0 goes {@code length} deep. The last depends on
   * {@code last} when given.
   */
  static String chain(int length, String last) {
    StringBuilder yaml = new StringBuilder("checks:\n");
    for (int i = 0; i < length; i++) {
      String next = i + 1 < length ? "c" + (i + 1) : last;
      yaml.append("  - { name: c").append(i).append(", type: fixed, dependsOn: [");
      yaml.append(next).append("] }\n");
    }
    return yaml.toString();
  }

  @Test
  void aFileOverTheConfiguredLimitIsRefused() throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, "checks:\n  - { name: a, type: fixed }\n" + "#".repeat(200) + "\n");
    long size = Files.size(file);
    assertThatThrownBy(() -> loader.withMaxFileSize(100).load(file))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith(
                        file + ": is " + size + " bytes, more than the limit of 100 bytes;"));
    assertThat(loader.withMaxFileSize(1024).load(file).checks()).hasSize(1);
  }

  @Test
  void theYamlCodePointLimitDoesNotCutAFileUnderTheSizeLimit() throws ConfigException {
    // SnakeYAML refuses more than 3 MB of text by default; the agent's own limit is 4 MB.
    String yaml =
        "checks:\n  - { name: a, type: fixed }\n" + ("#" + "x".repeat(99) + "\n").repeat(35_000);
    assertThat(yaml.length()).isGreaterThan(3 << 20);
    assertThat(parse(yaml).checks()).hasSize(1);
  }

  @Test
  void aCharacterDeviceIsRefused() {
    assertThatThrownBy(() -> loader.load(Path.of("/dev/null")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "/dev/null: is a character device, not a regular file; refusing to read"));
  }

  @Test
  void problemsMaskSecretValuesButKeepTheirPathsAndMessagesReadable() {
    assertThat(ConfigException.mask("server.token: must be text, but was a list"))
        .isEqualTo("server.token: must be text, but was a list");
    assertThat(ConfigException.mask("checks[2].password: must be short, but was 'hunter2'"))
        .isEqualTo("checks[2].password: must be short, but was '******'");
    assertThat(ConfigException.mask("checks[0].url: cannot reach postgres://u:pw@db:5432/x"))
        .isEqualTo("checks[0].url: cannot reach postgres://u:******@db:5432/x");
  }
}
