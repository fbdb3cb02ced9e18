package io.vigil.agent.config;

import io.vigil.core.Secrets;
import java.util.List;

/** A configuration with problems; {@link #problems()} lists every one with its path. */
public final class ConfigException extends Exception {

  private final List<String> problems;

  ConfigException(String source, List<String> problems) {
    super("invalid configuration in " + source + ":\n  " + String.join("\n  ", masked(problems)));
    this.problems = masked(problems);
  }

  private static List<String> masked(List<String> problems) {
    return problems.stream().map(ConfigException::mask).toList();
  }

  /**
   * A problem with secrets in its message masked: passwords in URLs and the like everywhere, and
   * every quoted value when the path names a secret ({@code server.token: ... but was '******'}).
   * The path itself stays readable: {@code server.token: must be text} is not a secret.
   */
  static String mask(String problem) {
    int colon = problem.indexOf(": ");
    if (colon < 0) {
      return Secrets.maskText(problem);
    }
    String path = problem.substring(0, colon);
    String message = problem.substring(colon + 2);
    String field = path.substring(Math.max(path.lastIndexOf('.'), path.lastIndexOf(']')) + 1);
    if (Secrets.isSecretKey(field)) {
      message = message.replaceAll("'[^']*'", "'" + Secrets.MASK + "'");
    }
    return path + ": " + Secrets.maskText(message);
  }

  /** Every problem, each as {@code path: what is wrong}, with secrets in values masked. */
  public List<String> problems() {
    return problems;
  }
}
