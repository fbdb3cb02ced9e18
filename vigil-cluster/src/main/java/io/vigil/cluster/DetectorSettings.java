package io.vigil.cluster;

import java.time.Duration;

/**
 * How the monitor decides that a node is dead: {@link Probe} (it asks each node) or {@link
 * Heartbeat} (each node tells it, judged by phi accrual). Invalid values throw {@link
 * IllegalArgumentException} naming the field.
 */
public sealed interface DetectorSettings {

  /** Seed 003's probe: every 5 s, 2 s timeout, dead after 3 failures, retried at 1 s. */
  static Probe probe() {
    return new Probe(
        Probe.DEFAULT_INTERVAL,
        Probe.DEFAULT_TIMEOUT,
        Probe.DEFAULT_RETRY_INTERVAL,
        Probe.DEFAULT_FAILURE_THRESHOLD);
  }

  /** Akka's and Cassandra's phi accrual defaults: 1 s heartbeats, threshold 8, 3 s pause. */
  static Heartbeat heartbeat() {
    return new Heartbeat(
        Heartbeat.DEFAULT_INTERVAL,
        Heartbeat.DEFAULT_THRESHOLD,
        Heartbeat.DEFAULT_SUSPECT_THRESHOLD,
        Heartbeat.DEFAULT_MAX_SAMPLE_SIZE,
        Heartbeat.DEFAULT_MIN_STD_DEVIATION,
        Heartbeat.DEFAULT_ACCEPTABLE_PAUSE);
  }

  /**
   * HTTP GET of each node's health URL. A node whose probe fails turns suspect and is probed again
   * every {@code retryInterval}; it is dead after {@code failureThreshold} consecutive failures. A
   * refused or reset connection fails at once; a probe without an answer fails at its timeout.
   *
   * @param interval time between probes of a healthy node
   * @param timeout deadline of one probe
   * @param retryInterval time between probes while failing
   * @param failureThreshold consecutive failures that make a node dead
   */
  record Probe(Duration interval, Duration timeout, Duration retryInterval, int failureThreshold)
      implements DetectorSettings {

    /** Default time between probes. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    /** Default deadline of a probe. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** Default time between probes of a failing node. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);

    /** Default consecutive failures before dead. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;

    /** Validates every field. */
    public Probe {
      Settings.positive("interval", interval);
      Settings.positive("timeout", timeout);
      Settings.positive("retryInterval", retryInterval);
      if (failureThreshold < 1) {
        throw new IllegalArgumentException(
            "failureThreshold: must be at least 1, but was " + failureThreshold);
      }
    }

    /**
     * The longest time from a crash (connections refused) to {@code dead}: a whole interval, then
     * {@code failureThreshold - 1} retries.
     */
    public Duration crashDetection() {
      return interval.plus(retryInterval.multipliedBy(failureThreshold - 1L));
    }
  }

  /**
   * Heartbeats pushed by the nodes, judged by phi accrual (Hayashibara et al., as in Akka and
   * Cassandra): phi is {@code -log10} of the probability that a heartbeat still comes, from the
   * normal distribution of the last {@code maxSampleSize} inter-arrival times, its mean lengthened
   * by {@code acceptableHeartbeatPause} and its standard deviation at least {@code
   * minStdDeviation}. A node is suspect at {@code suspectThreshold}, dead at {@code threshold}.
   *
   * @param interval how often nodes send heartbeats: the first estimate of the inter-arrival time
   * @param threshold phi at which a node is dead (8: Cassandra's and Akka's)
   * @param suspectThreshold phi at which a node is suspect
   * @param maxSampleSize inter-arrival times kept per node
   * @param minStdDeviation the least standard deviation assumed, so regular heartbeats do not make
   *     the detector jumpy
   * @param acceptableHeartbeatPause silence tolerated on top of the mean before suspicion rises
   */
  record Heartbeat(
      Duration interval,
      double threshold,
      double suspectThreshold,
      int maxSampleSize,
      Duration minStdDeviation,
      Duration acceptableHeartbeatPause)
      implements DetectorSettings {

    /** Default heartbeat interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /** Default phi of a dead node. */
    public static final double DEFAULT_THRESHOLD = 8.0;

    /** Default phi of a suspect node. */
    public static final double DEFAULT_SUSPECT_THRESHOLD = 1.0;

    /** Default inter-arrival times kept. */
    public static final int DEFAULT_MAX_SAMPLE_SIZE = 1000;

    /** Default least standard deviation. */
    public static final Duration DEFAULT_MIN_STD_DEVIATION = Duration.ofMillis(100);

    /** Default silence tolerated on top of the mean. */
    public static final Duration DEFAULT_ACCEPTABLE_PAUSE = Duration.ofSeconds(3);

    /** Validates every field. */
    public Heartbeat {
      Settings.positive("interval", interval);
      if (!(threshold > 0) || Double.isInfinite(threshold)) {
        throw new IllegalArgumentException("threshold: must be above 0, but was " + threshold);
      }
      if (!(suspectThreshold > 0) || suspectThreshold > threshold) {
        throw new IllegalArgumentException(
            "suspectThreshold: must be above 0 and at most threshold ("
                + threshold
                + "), but was "
                + suspectThreshold);
      }
      if (maxSampleSize < 2 || maxSampleSize > 100_000) {
        throw new IllegalArgumentException(
            "maxSampleSize: must be between 2 and 100000, but was " + maxSampleSize);
      }
      Settings.positive("minStdDeviation", minStdDeviation);
      Settings.notNegative("acceptableHeartbeatPause", acceptableHeartbeatPause);
    }
  }
}
