package io.vigil.core;

import java.util.List;

/** A {@link CheckSpec} with invalid fields; {@link #problems()} lists every one. */
public final class InvalidSpecException extends IllegalArgumentException {

  private final String check;
  private final List<String> problems;

  /** For the named check, with one line per problem ({@code "field: what is wrong"}). */
  public InvalidSpecException(String check, List<String> problems) {
    super("invalid check '" + check + "': " + String.join("; ", problems));
    this.check = check;
    this.problems = List.copyOf(problems);
  }

  /** The name of the check. */
  public String check() {
    return check;
  }

  /** Every problem, each as {@code "field: what is wrong, but was value"}. */
  public List<String> problems() {
    return problems;
  }
}
