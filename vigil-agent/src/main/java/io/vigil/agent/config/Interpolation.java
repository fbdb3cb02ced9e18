package io.vigil.agent.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ${VAR}} and {@code ${VAR:-default}} in configuration texts, from the environment. */
final class Interpolation {

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private Interpolation() {}

  /**
   * Replaces every reference in {@code text}; a variable that is unset and has no default is a
   * problem recorded at {@code path}.
   */
  static String apply(String text, Map<String, String> env, String path, List<String> problems) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null) {
        value = m.group(2);
      }
      if (value == null) {
        problems.add(
            path
                + ": environment variable "
                + m.group(1)
                + " is not set (write ${"
                + m.group(1)
                + ":-default} to give a default)");
        value = "";
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
