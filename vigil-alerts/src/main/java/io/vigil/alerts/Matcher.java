package io.vigil.alerts;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A label matcher, as Alertmanager's: equality or a regular expression matched against the whole
 * value, negated when {@code isEqual} is false. A missing label reads as the empty text.
 *
 * @param name the label's name
 * @param value the value or the regular expression
 * @param isRegex whether {@code value} is a regular expression
 * @param isEqual false for "not equal" / "does not match"
 */
public record Matcher(String name, String value, boolean isRegex, boolean isEqual) {

  /**
   * Validates the matcher.
   *
   * @throws IllegalArgumentException naming what is wrong, e.g. {@code value: not a regular
   *     expression}
   */
  public Matcher {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: required");
    }
    if (isRegex) {
      try {
        Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "value: not a regular expression (" + e.getDescription() + ")");
      }
    }
  }

  /** {@code name = value}. */
  public static Matcher equal(String name, String value) {
    return new Matcher(name, value, false, true);
  }

  /** {@code name =~ regex}. */
  public static Matcher regex(String name, String regex) {
    return new Matcher(name, regex, true, true);
  }

  /** Whether the labels match. */
  public boolean matches(Map<String, String> labels) {
    String actual = labels.getOrDefault(name, "");
    boolean hit = isRegex ? Pattern.matches(value, actual) : value.equals(actual);
    return hit == isEqual;
  }

  /** Whether every matcher matches (true for none). */
  public static boolean all(List<Matcher> matchers, Map<String, String> labels) {
    return matchers.stream().allMatch(m -> m.matches(labels));
  }
}
