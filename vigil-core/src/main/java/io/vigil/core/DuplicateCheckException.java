package io.vigil.core;

/** A check of this name is already registered. */
public final class DuplicateCheckException extends IllegalArgumentException {

  private final String check;

  /** For the given check name. */
  public DuplicateCheckException(String check) {
    super("a check named '" + check + "' is already registered");
    this.check = check;
  }

  /** The check's name. */
  public String check() {
    return check;
  }
}
