package io.vigil.cluster.internal;

import io.vigil.cluster.DetectorSettings;

/**
 * The phi accrual failure detector of one node (Hayashibara et al.; the semantics of Akka's and
 * Pekko's {@code PhiAccrualFailureDetector}): the last {@code maxSampleSize} inter-arrival times,
 * bootstrapped with two samples around the expected interval, and phi from the logistic
 * approximation of the normal distribution's CDF. Differences: the clock starts when the node joins
 * (a node that never sends a heartbeat ends up dead rather than healthy forever), phi stays finite,
 * and {@link #shift} moves the last heartbeat over a pause of the monitor. Times in monotonic
 * nanoseconds, statistics in milliseconds. Not thread-safe: the engine's lock guards it.
 */
final class PhiAccrual {

  private static final double LN_10 = Math.log(10);

  private final DetectorSettings.Heartbeat settings;
  private final double[] ring;
  private final double minStdMs;
  private final double pauseMs;
  private int size;
  private int next;
  private int sinceRecompute;
  private double sum;
  private double squares;
  private long last;

  /** A detector whose clock starts at {@code now} (the join), with the bootstrap history. */
  PhiAccrual(DetectorSettings.Heartbeat settings, long now) {
    this.settings = settings;
    this.ring = new double[settings.maxSampleSize()];
    this.minStdMs = millis(settings.minStdDeviation().toNanos());
    this.pauseMs = millis(settings.acceptableHeartbeatPause().toNanos());
    this.last = now;
    bootstrap();
  }

  /**
   * Phi of a silence of {@code timeDiff} given the mean and standard deviation (all in the same
   * unit): {@code -log10(1 - F(timeDiff))}, with {@code F} the logistic approximation of the normal
   * CDF {@code 1 / (1 + exp(-y (1.5976 + 0.070566 y²)))}, {@code y = (timeDiff - mean) / std}.
   */
  static double phi(double timeDiff, double mean, double std) {
    double y = (timeDiff - mean) / std;
    double exponent = y * (1.5976 + 0.070566 * y * y);
    if (timeDiff > mean) {
      // -log10(e / (1 + e)) with e = exp(-exponent), written so it stays finite.
      return (exponent + Math.log1p(Math.exp(-exponent))) / LN_10;
    }
    double e = Math.exp(-exponent);
    return -Math.log10(1.0 - 1.0 / (1.0 + e));
  }

  /**
   * Phi at {@code now}: the mean lengthened by the acceptable pause, the deviation at least min.
   */
  double phi(long now) {
    double std = Math.max(stdDeviation(), minStdMs);
    return phi(millis(now - last), mean() + pauseMs, std);
  }

  /**
   * A heartbeat at {@code now}. The first one after joining restarts from the bootstrap history;
   * later ones add their interval, except after the node was judged dead (a long silence would skew
   * the statistics), as Akka does.
   */
  void heartbeat(long now, boolean first, boolean available) {
    if (first) {
      bootstrap();
    } else if (available) {
      add(millis(now - last));
    }
    last = now;
  }

  /** Time since the last heartbeat (or the join). */
  long silenceNanos(long now) {
    return now - last;
  }

  /** Moves the last heartbeat forward by a pause of the monitor: the pause is not silence. */
  void shift(long pauseNanos) {
    last += pauseNanos;
  }

  double mean() {
    return sum / size;
  }

  double stdDeviation() {
    double mean = mean();
    return Math.sqrt(Math.max(0, squares / size - mean * mean));
  }

  int samples() {
    return size;
  }

  private void bootstrap() {
    size = 0;
    next = 0;
    sum = 0;
    squares = 0;
    double mean = millis(settings.interval().toNanos());
    add(mean - mean / 4);
    add(mean + mean / 4);
  }

  private void add(double interval) {
    if (size == ring.length) {
      double oldest = ring[next];
      sum -= oldest;
      squares -= oldest * oldest;
    } else {
      size++;
    }
    ring[next] = interval;
    next = (next + 1) % ring.length;
    sum += interval;
    squares += interval * interval;
    if (++sinceRecompute >= ring.length) {
      recompute(); // sums kept by subtraction drift; start them over once per window
    }
  }

  private void recompute() {
    sinceRecompute = 0;
    sum = 0;
    squares = 0;
    for (int i = 0; i < size; i++) {
      sum += ring[i];
      squares += ring[i] * ring[i];
    }
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
