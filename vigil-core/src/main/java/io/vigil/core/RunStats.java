package io.vigil.core;

/**
 * The finished runs of one check since it was registered (or replaced with its state kept), counted
 * by the engine as it records each result: exact under any load, unlike a count of {@link
 * HealthEvent.RunCompleted} events, which a full listener queue drops.
 *
 * @param ok runs whose result was OK
 * @param warning runs whose result was WARNING
 * @param critical runs whose result was CRITICAL (timed-out runs included)
 * @param unknown runs whose result was UNKNOWN
 * @param latency how long the runs took
 */
public record RunStats(
    long ok, long warning, long critical, long unknown, LatencyHistogram latency) {

  /** No runs yet. */
  public static final RunStats NONE = new RunStats(0, 0, 0, 0, LatencyHistogram.EMPTY);

  /** All finished runs. */
  public long runs() {
    return ok + warning + critical + unknown;
  }

  /** The runs whose result had {@code status}. */
  public long count(Status status) {
    return switch (status) {
      case OK -> ok;
      case WARNING -> warning;
      case CRITICAL -> critical;
      case UNKNOWN -> unknown;
    };
  }
}
