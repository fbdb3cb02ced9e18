package io.vigil.store.tasks;

import java.util.Locale;

/** Where a task is in its life; written in JSON and SQL in lower case ({@link #id()}). */
public enum TaskStatus {
  /** Waiting to be claimed (new, or waiting for a retry after a failed or lost attempt). */
  QUEUED,
  /** Claimed by a worker, which sends heartbeats while it runs. */
  RUNNING,
  /** Finished with a result. */
  SUCCEEDED,
  /** Finished with a permanent failure: no retry (unknown type, bad payload, refused). */
  FAILED,
  /** Dead letter: every allowed attempt failed, timed out or lost its worker. */
  DEAD;

  /** The lower-case name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the task will not run again. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == DEAD;
  }

  /** The status of a lower-case name. */
  public static TaskStatus of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
