package io.vigil.core;

import java.time.Duration;

/** What a running check knows about its run: which check it is and how long it may take. */
public interface CheckContext {

  /** The check's specification. */
  CheckSpec spec();

  /** Time left until the deadline, never negative. */
  Duration remaining();

  /** Whether the deadline has passed or the run was cancelled. */
  boolean isExpired();

  /**
   * Waits for the given time, or less if the deadline comes first.
   *
   * @throws InterruptedException when the run is cancelled (deadline, stop or replacement)
   */
  void sleep(Duration duration) throws InterruptedException;
}
