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
    return problems.stream().map(Secrets::maskText).toList();
  }

  /** Every problem, each as {@code path: what is wrong}, with secrets in values masked. */
  public List<String> problems() {
    return problems;
  }
}
