package io.vigil.store;

/**
 * The store could not do what was asked (database unreachable, migration failed, query failed).
 * Messages name the engine and operation and never hold a password.
 */
public class StoreException extends RuntimeException {

  /** An exception with its cause. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** An exception without a cause. */
  public StoreException(String message) {
    super(message);
  }
}
