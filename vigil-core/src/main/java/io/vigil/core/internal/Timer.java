package io.vigil.core.internal;

/**
 * Something the scheduler must do at a monotonic time: start a run, time one out, notice that a
 * timed-out run was abandoned, or mark a check stale. Ordered by time, then by creation.
 */
record Timer(long at, long seq, Kind kind, CheckEntry entry, Run run) implements Comparable<Timer> {

  enum Kind {
    DUE,
    DEADLINE,
    ABANDON,
    STALE
  }

  @Override
  public int compareTo(Timer other) {
    int byTime = Long.compare(at - other.at, 0);
    return byTime != 0 ? byTime : Long.compare(seq, other.seq);
  }
}
