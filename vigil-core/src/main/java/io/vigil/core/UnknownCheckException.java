package io.vigil.core;

/** No check of this name is registered. */
public final class UnknownCheckException extends IllegalArgumentException {

  private final String check;

  /** For the given check name. */
  public UnknownCheckException(String check) {
    super("no check named '" + check + "'");
    this.check = check;
  }

  /** The check's name. */
  public String check() {
    return check;
  }
}
