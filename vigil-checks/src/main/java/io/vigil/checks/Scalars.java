package io.vigil.checks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Scalar values of a configuration as written: the tree keeps texts as texts (YAML 1.1's {@code
 * off} is not a boolean there), and a field converts them to its own type.
 */
final class Scalars {

  private Scalars() {}

  /** The text of a scalar (text, number, true/false); empty for null, lists and mappings. */
  static Optional<String> text(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return Optional.of(String.valueOf(value));
    }
    return Optional.empty();
  }

  /** What a value is, for messages: {@code a list}, {@code a mapping}, {@code empty (null)}. */
  static String kind(Object value) {
    if (value == null) {
      return "empty (null)";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof Map<?, ?>) {
      return "a mapping";
    }
    return "'" + value + "'";
  }

  /**
   * A flag: {@code true}/{@code false}, and YAML 1.1's {@code yes}/{@code on}, {@code no}/{@code
   * off}, without case; empty for anything else.
   */
  static Optional<Boolean> flag(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> Optional.of(true);
      case "false", "no", "off" -> Optional.of(false);
      default -> Optional.empty();
    };
  }
}
