package io.vigil.checks.command;

import io.vigil.core.Secrets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The values of a command's secret-looking environment variables ({@code DB_PASSWORD}, {@code
 * API_TOKEN}: {@link Secrets#isSecretKey}) and secret arguments ({@code -pPW}, {@code --password
 * PW}: {@link Secrets#secretArgs}), masked wherever the command's output is shown, so that a script
 * printing its own secret does not leak it. Values shorter than {@value #MIN_LENGTH} characters are
 * not masked: they would mask ordinary words.
 */
record SecretValues(List<String> values) {

  /** The shortest value that is masked. */
  static final int MIN_LENGTH = 4;

  /**
   * The secret values among the command's arguments and the variables it gets: those set for it and
   * those passed on from the agent's environment {@code inherited}.
   */
  static SecretValues of(
      List<String> argv,
      Map<String, String> environment,
      List<String> allowed,
      Map<String, String> inherited) {
    List<String> found = new ArrayList<>();
    Secrets.secretArgs(argv).forEach(value -> add(found, "password", value));
    environment.forEach((name, value) -> add(found, name, value));
    allowed.forEach(name -> add(found, name, inherited.get(name)));
    // The longest first: a secret that contains another is masked whole.
    found.sort(Comparator.comparingInt(String::length).reversed());
    return new SecretValues(List.copyOf(found));
  }

  private static void add(List<String> found, String name, String value) {
    if (value != null
        && value.length() >= MIN_LENGTH
        && Secrets.isSecretKey(name)
        && !found.contains(value)) {
      found.add(value);
    }
  }

  /** The text with every secret value replaced by {@link Secrets#MASK}. */
  String mask(String text) {
    String masked = text;
    for (String value : values) {
      masked = masked.replace(value, Secrets.MASK);
    }
    return masked;
  }
}
