package io.vigil.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The configuration as a tree of maps, lists and scalars: parsed from YAML, interpolated ({@code
 * ${VAR}}, {@code ${VAR:-default}}) and overridden ({@code VIGIL_SECTION_FIELD}) from the
 * environment, before any section is read.
 */
final class YamlTree {

  private YamlTree() {}

  /**
   * The root mapping of {@code yaml}; an empty text, or one with only comments, is an empty
   * mapping. Scalars stay what the user wrote: {@code off} and {@code yes} are texts, not booleans
   * (only {@code true} and {@code false} are), and a number is kept as a number only when it reads
   * back as written ({@code 8080}, not {@code 010}).
   */
  static Map<String, Object> parse(String yaml, String source) throws ConfigException {
    Object tree;
    try (JsonParser parser = factory(yaml.length()).createParser(yaml)) {
      tree = parser.nextToken() == null ? null : node(parser);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      throw new ConfigException(source, List.of(source + ": " + where + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ConfigException(source, List.of(source + ": cannot parse: " + e.getMessage()));
    }
    if (tree == null || "".equals(tree)) { // no document, or "---" with nothing after it
      return new LinkedHashMap<>();
    }
    if (!(tree instanceof Map<?, ?>)) {
      throw new ConfigException(
          source, List.of(source + ": must be a mapping with server, node, defaults and checks"));
    }
    return asMap(tree);
  }

  private static YAMLFactory factory(int length) {
    LoaderOptions options = new LoaderOptions();
    // The file's size is capped before it is read; SnakeYAML's own 3 MB limit would be lower.
    options.setCodePointLimit(Math.max(options.getCodePointLimit(), length + 1));
    return YAMLFactory.builder()
        .loaderOptions(options)
        .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
        .build();
  }

  /** The value starting at the parser's current token: a map, a list or a scalar. */
  private static Object node(JsonParser p) throws IOException {
    JsonToken token = p.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          map.put(key, node(p));
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(node(p));
        }
        return list;
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return token == JsonToken.VALUE_TRUE;
      }
      case VALUE_NULL -> {
        return null;
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        Number number = p.getNumberValue();
        return String.valueOf(number).equals(p.getText()) ? number : p.getText();
      }
      default -> {
        return p.getText();
      }
    }
  }

  /**
   * A copy of the tree with every text interpolated; the paths where a variable is unset (and has
   * no default) are collected in {@code unset}, by variable.
   */
  static Map<String, Object> interpolate(
      Map<String, Object> root, Map<String, String> env, Map<String, List<String>> unset) {
    return asMap(interpolate(root, "", env, unset));
  }

  private static Object interpolate(
      Object node, String path, Map<String, String> env, Map<String, List<String>> unset) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            String key = String.valueOf(k);
            copy.put(key, interpolate(v, path.isEmpty() ? key : path + "." + key, env, unset));
          });
      return copy;
    }
    if (node instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        copy.add(interpolate(list.get(i), path + "[" + i + "]", env, unset));
      }
      return copy;
    }
    if (node instanceof String text) {
      return Interpolation.apply(text, env, path, unset);
    }
    return node;
  }

  /**
   * Applies {@code VIGIL_SERVER_PORT=9090}-style variables to the fields of {@code sections}:
   * section and field names match without case or '_'.
   */
  static void override(
      Map<String, Object> root, Map<String, String> env, List<Section<?>> sections) {
    env.forEach(
        (variable, value) -> {
          if (!variable.startsWith("VIGIL_")) {
            return;
          }
          String rest = variable.substring("VIGIL_".length());
          int underscore = rest.indexOf('_');
          if (underscore < 0) {
            return;
          }
          String name = rest.substring(0, underscore).toLowerCase(Locale.ROOT);
          for (Section<?> section : sections) {
            if (section.name().equals(name)) {
              section
                  .fieldNamed(rest.substring(underscore + 1))
                  .ifPresent(field -> mapping(root, name).put(field, value));
            }
          }
        });
  }

  private static Map<String, Object> mapping(Map<String, Object> root, String name) {
    Object current = root.get(name);
    Map<String, Object> map = current instanceof Map<?, ?> ? asMap(current) : new LinkedHashMap<>();
    root.put(name, map);
    return map;
  }

  /** The mapping at {@code name}; empty when absent, a problem when not a mapping. */
  static Map<String, Object> section(Map<String, Object> root, String name, List<String> problems) {
    Object value = root.get(name);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?>)) {
      problems.add(name + ": must be a mapping, but was '" + value + "'");
      return Map.of();
    }
    return asMap(value);
  }

  /** A copy of a map with text keys. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value) {
    Map<String, Object> copy = new LinkedHashMap<>();
    ((Map<Object, Object>) value).forEach((k, v) -> copy.put(String.valueOf(k), v));
    return copy;
  }

  /** The file's name for messages. */
  static String source(Optional<java.nio.file.Path> file) {
    return file.map(java.nio.file.Path::toString).orElse("the configuration");
  }
}
