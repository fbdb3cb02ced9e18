package io.vigil.spring.internal;

import java.util.List;

/** {@code vigil.*} properties that would make invalid checks; lists every problem. */
public final class InvalidVigilPropertiesException extends IllegalStateException {

  private final List<String> problems;

  InvalidVigilPropertiesException(List<String> problems) {
    super("invalid Vigil configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as {@code "vigil.some.property: what is wrong, but was value"}. */
  public List<String> problems() {
    return problems;
  }
}
