package io.vigil.agent.config;

import java.util.List;

/** A configuration with problems; {@link #problems()} lists every one with its path. */
public final class ConfigException extends Exception {

  private final List<String> problems;

  ConfigException(String source, List<String> problems) {
    super("invalid configuration in " + source + ":\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, each as {@code path: what is wrong}. */
  public List<String> problems() {
    return problems;
  }
}
