package io.vigil.fleet;

/** The fleet's database could not be read or written; the message never shows a password. */
public final class FleetException extends RuntimeException {

  /** With the message and its cause. */
  public FleetException(String message, Throwable cause) {
    super(message, cause);
  }
}
