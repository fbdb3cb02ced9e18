package io.vigil.store.tasks;

/** Thrown by a {@link TaskHandler} to fail a task without retrying it (status {@code failed}). */
public class PermanentTaskFailure extends RuntimeException {

  /** A failure with a message for the task's {@code error}. */
  public PermanentTaskFailure(String message) {
    super(message);
  }

  /** A failure with a message and its cause. */
  public PermanentTaskFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
