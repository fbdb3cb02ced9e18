package io.vigil.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JsonTest {

  private record Point(String name, int x) {}

  private enum Level {
    LOW
  }

  /** Every kind of value an answer holds, and some it does not (they go to the mapper). */
  private static Map<String, Object> tree() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("text", "quote \" backslash \\ newline \n tab \t é 😀 \u0001");
    nested.put("none", null);
    nested.put("empty", Map.of());
    nested.put("list", List.of());
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("status", "UP");
    tree.put("ok", true);
    tree.put("int", Integer.MIN_VALUE);
    tree.put("long", Long.MAX_VALUE);
    tree.put("double", 0.1 + 0.2);
    tree.put("nan", Double.NaN);
    tree.put("infinite", Double.NEGATIVE_INFINITY);
    tree.put("float", 1.5f);
    tree.put("short", (short) 7);
    tree.put("byte", (byte) -3);
    tree.put("decimal", new BigDecimal("12.500"));
    tree.put("big", new java.math.BigInteger("123456789012345678901234567890"));
    tree.put("nested", nested);
    tree.put("items", Arrays.asList(1, "two", null, List.of(3.0), Map.of("k", "v")));
    tree.put("set", new java.util.LinkedHashSet<>(List.of("a", "b")));
    tree.put("record", new Point("p", 2));
    tree.put("enum", Level.LOW);
    tree.put("array", new int[] {1, 2});
    tree.put("enumKeys", new TreeMap<>(Map.of(Level.LOW, 1)));
    tree.put("intKeys", new TreeMap<>(Map.of(2, "b", 1, "a")));
    tree.put(
        "payload",
        new ObjectMapper().createObjectNode().put("name", "db").set("tags", null)); // a task's
    return tree;
  }

  @Test
  void writesWhatAnObjectMapperWrites() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    assertThat(Json.bytes(tree(), false)).isEqualTo(mapper.writeValueAsBytes(tree()));
    assertThat(new String(Json.bytes(tree(), false), StandardCharsets.UTF_8))
        .contains("\"record\":{\"name\":\"p\",\"x\":2}", "\"none\":null");
    assertThat(Json.bytes(tree(), true))
        .isEqualTo(mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(tree()));
  }

  @Test
  void refusesANullKeyAsTheMapperDoes() {
    Map<String, Object> nullKey = new java.util.HashMap<>();
    nullKey.put(null, 1);
    Map<String, Object> tree = Map.of("bad", nullKey);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new ObjectMapper().writeValueAsBytes(tree))
        .hasMessageContaining("Null key");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.bytes(tree, false))
        .hasMessageContaining("Null key");
  }

  @Test
  void writesScalarsAndEmptyValuesAtTheTop() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    for (Object value : Arrays.asList(null, "x", 1, 2.5, true, List.of(), Map.of(), Set.of(1))) {
      assertThat(Json.bytes(value, false)).isEqualTo(mapper.writeValueAsBytes(value));
    }
  }
}
