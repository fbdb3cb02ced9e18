package io.vigil.store;

import io.vigil.core.Status;
import java.time.Instant;
import java.util.Objects;

/**
 * The runs of one check within one bucket: how many ended in each status and how long they took.
 *
 * @param check the check's name
 * @param resolution the bucket's width
 * @param start the bucket's start (inclusive)
 * @param ok runs that ended OK
 * @param warning runs that ended WARNING
 * @param critical runs that ended CRITICAL
 * @param unknown runs that ended UNKNOWN
 * @param latency the runs' latency
 */
public record Rollup(
    String check,
    Resolution resolution,
    Instant start,
    long ok,
    long warning,
    long critical,
    long unknown,
    Latency latency) {

  /** Validates that nothing is null. */
  public Rollup {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(resolution, "resolution");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(latency, "latency");
  }

  /** All runs in the bucket. */
  public long runs() {
    return ok + warning + critical + unknown;
  }

  /** Runs that ended in the given status. */
  public long count(Status status) {
    return switch (status) {
      case OK -> ok;
      case WARNING -> warning;
      case CRITICAL -> critical;
      case UNKNOWN -> unknown;
    };
  }

  /** The bucket's end (exclusive). */
  public Instant end() {
    return start.plus(resolution.width());
  }

  /**
   * Latency of the runs in milliseconds. The minute's p95 is exact (nearest rank); merged buckets
   * estimate it from a log-scale histogram (within 19 %, clamped to min and max).
   *
   * @param minMs fastest run
   * @param avgMs mean
   * @param p95Ms 95th percentile
   * @param maxMs slowest run
   */
  public record Latency(double minMs, double avgMs, double p95Ms, double maxMs) {}
}
