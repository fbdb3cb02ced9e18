package io.vigil.core.internal;

/**
 * Something the scheduler must do at a monotonic time: start a run, time one out, notice that a
 * timed-out run was abandoned, mark a check stale, or run a handler once a grace period after
 * stopping ended. Ordered by time, then by creation.
 */
record Timer(long at, long seq, Kind kind, CheckEntry entry, Run run, Runnable handler)
    implements Comparable<Timer> {

  enum Kind {
    DUE,
    DEADLINE,
    ABANDON,
    STALE,
    /** Runs {@link #handler()}; the only kind served after the monitor stopped. */
    GRACE
  }

  @Override
  public int compareTo(Timer other) {
    int byTime = Long.compare(at - other.at, 0);
    return byTime != 0 ? byTime : Long.compare(seq, other.seq);
  }
}
