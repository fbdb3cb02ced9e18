package io.vigil.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every scalar field checks its type: nothing is turned into text by {@code String.valueOf}. */
class CheckSettingsTest {

  private static CheckSettings settings(Map<String, Object> values) {
    return new CheckSettings("checks[1]", values, Set.of());
  }

  @Test
  void aListOrAMappingWhereTextIsExpectedIsAProblem() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("host", List.of("a"));
    values.put("token", Map.of("a", "b"));
    values.put("name", List.of("a", "b"));
    CheckSettings s = settings(values);
    assertThat(s.string("host")).isEmpty();
    assertThat(s.string("token")).isEmpty();
    assertThat(s.requiredString("name")).isEmpty();
    assertThat(s.problems())
        .containsExactly(
            "checks[1].host: must be text, but was a list",
            "checks[1].token: must be text, but was a mapping",
            "checks[1].name: must be text, but was a list");
  }

  @Test
  void listItemsMustBeTexts() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("command", Arrays.asList(null, List.of("a"), Map.of("a", "b"), "ok", 5));
    values.put("tags", Map.of("a", "b"));
    CheckSettings s = settings(values);
    assertThat(s.strings("command")).containsExactly("", "", "", "ok", "5");
    assertThat(s.strings("tags")).isEmpty();
    assertThat(s.problems())
        .containsExactly(
            "checks[1].command[0]: must be text, but was empty (null)",
            "checks[1].command[1]: must be text, but was a list",
            "checks[1].command[2]: must be text, but was a mapping",
            "checks[1].tags: must be a list of texts, but was a mapping");
  }

  @Test
  void mappingValuesMustBeTexts() {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("X-Ok", "yes");
    headers.put("X-Bad", List.of("a"));
    CheckSettings s = settings(Map.of("headers", headers));
    assertThat(s.stringMap("headers")).containsExactly(Map.entry("X-Ok", "yes"));
    assertThat(s.problems())
        .containsExactly("checks[1].headers.X-Bad: must be text, but was a list");
  }

  @Test
  void typedFieldsNameTheExpectedTypeForAList() {
    CheckSettings s =
        settings(
            Map.of(
                "interval", List.of("1s"),
                "port", List.of(80),
                "enabled", Map.of()));
    s.duration("interval", java.time.Duration.ZERO);
    s.integer("port", 1, 1);
    s.bool("enabled", true);
    assertThat(s.problems())
        .containsExactlyInAnyOrder(
            "checks[1].interval: must be a duration such as 30s, but was a list",
            "checks[1].port: must be a whole number, but was a list",
            "checks[1].enabled: must be true or false, but was a mapping");
  }

  @Test
  void flagsReadYaml11WordsWhereAFlagIsExpected() {
    CheckSettings s =
        settings(Map.of("a", "yes", "b", "off", "c", "On", "d", "maybe", "critical", "no"));
    assertThat(s.bool("a", false)).isTrue();
    assertThat(s.bool("b", true)).isFalse();
    assertThat(s.bool("c", false)).isTrue();
    assertThat(s.bool("d", true)).isTrue();
    assertThat(s.isFlag("critical")).isTrue();
    assertThat(s.bool("critical", true)).isFalse();
    assertThat(s.problems()).containsExactly("checks[1].d: must be true or false, but was 'maybe'");
  }
}
