package io.vigil.agent.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in configuration texts, from the environment. An unset
 * variable without a default is one problem, at the first place it is used; what the empty text
 * then breaks at the same places ("is required", "must be a duration") is not reported again.
 */
final class Interpolation {

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  /**
   * How to give a default, with a neutral name: the variable's own name could look like a secret
   * ({@code API_TOKEN:-...}) and be masked in the message.
   */
  private static final String HINT = "set it, or give a default as in ${NAME:-default}";

  private Interpolation() {}

  /**
   * Replaces every reference in {@code text}; a variable that is unset and has no default becomes
   * an empty text, and {@code path} is recorded under its name in {@code unset}.
   */
  static String apply(
      String text, Map<String, String> env, String path, Map<String, List<String>> unset) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null) {
        value = m.group(2);
      }
      if (value == null) {
        List<String> paths = unset.computeIfAbsent(m.group(1), k -> new ArrayList<>());
        if (!paths.contains(path)) {
          paths.add(path);
        }
        value = "";
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** One problem per unset variable, at the first path that uses it. */
  static List<String> problems(Map<String, List<String>> unset) {
    List<String> problems = new ArrayList<>();
    unset.forEach(
        (variable, paths) -> {
          String also =
              paths.size() > 1
                  ? "; also used at " + String.join(", ", paths.subList(1, paths.size()))
                  : "";
          problems.add(
              paths.getFirst()
                  + ": environment variable "
                  + variable
                  + " is not set ("
                  + HINT
                  + ")"
                  + also);
        });
    return problems;
  }

  /**
   * {@code problems} without what follows from the unset variables: other problems at the paths
   * where one is used.
   */
  static List<String> reportOnce(Map<String, List<String>> unset, List<String> problems) {
    Set<String> own = new HashSet<>(problems(unset));
    Set<String> paths = new HashSet<>();
    unset.values().forEach(paths::addAll);
    return problems.stream().filter(p -> own.contains(p) || !paths.contains(pathOf(p))).toList();
  }

  private static String pathOf(String problem) {
    int colon = problem.indexOf(": ");
    return colon < 0 ? problem : problem.substring(0, colon);
  }
}
