package io.vigil.store.tasks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How a worker claims and keeps tasks. With the defaults a task held by a worker that died is
 * claimed again within {@code deadAfter + heartbeatInterval + pollInterval} = 26 s.
 *
 * @param id the worker's id, stored with the tasks it runs (unique per start)
 * @param concurrency tasks run at once
 * @param pollInterval wait between claims when the queue was empty
 * @param heartbeatInterval how often the worker marks its running tasks alive, and looks for dead
 *     ones
 * @param deadAfter a running task without a heartbeat for this long has lost its worker and is
 *     queued again
 * @param closeTimeout how long {@link Worker#close()} waits for running tasks before putting them
 *     back on the queue
 */
public record WorkerSettings(
    String id,
    int concurrency,
    Duration pollInterval,
    Duration heartbeatInterval,
    Duration deadAfter,
    Duration closeTimeout) {

  /** Two tasks at once. */
  public static final int DEFAULT_CONCURRENCY = 2;

  /** Claim every second while the queue is empty. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  /** Heartbeat every 5 s. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

  /** A task is lost after 20 s without a heartbeat. */
  public static final Duration DEFAULT_DEAD_AFTER = Duration.ofSeconds(20);

  /** Wait 10 s for running tasks on close. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /** Validates the values. */
  public WorkerSettings {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(deadAfter, "deadAfter");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    if (id.isBlank() || concurrency < 1) {
      throw new IllegalArgumentException(
          "worker id must not be blank and concurrency at least 1, but were '"
              + id
              + "' and "
              + concurrency);
    }
    if (heartbeatInterval.isZero()
        || heartbeatInterval.isNegative()
        || pollInterval.isZero()
        || pollInterval.isNegative()
        || deadAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "worker intervals must be positive and deadAfter at least twice heartbeatInterval, but"
              + " were poll "
              + pollInterval
              + ", heartbeat "
              + heartbeatInterval
              + ", deadAfter "
              + deadAfter);
    }
  }

  /** The defaults with an id made of the host's process name and a random suffix. */
  public static WorkerSettings defaults() {
    return new WorkerSettings(
        defaultId(),
        DEFAULT_CONCURRENCY,
        DEFAULT_POLL_INTERVAL,
        DEFAULT_HEARTBEAT_INTERVAL,
        DEFAULT_DEAD_AFTER,
        DEFAULT_CLOSE_TIMEOUT);
  }

  /** These settings with another id. */
  public WorkerSettings withId(String value) {
    return new WorkerSettings(
        value, concurrency, pollInterval, heartbeatInterval, deadAfter, closeTimeout);
  }

  /** These settings with another concurrency. */
  public WorkerSettings withConcurrency(int value) {
    return new WorkerSettings(id, value, pollInterval, heartbeatInterval, deadAfter, closeTimeout);
  }

  /** These settings with other intervals. */
  public WorkerSettings withIntervals(Duration poll, Duration heartbeat, Duration dead) {
    return new WorkerSettings(id, concurrency, poll, heartbeat, dead, closeTimeout);
  }

  /** These settings with another close timeout. */
  public WorkerSettings withCloseTimeout(Duration value) {
    return new WorkerSettings(id, concurrency, pollInterval, heartbeatInterval, deadAfter, value);
  }

  private static String defaultId() {
    String runtime = ManagementFactory.getRuntimeMXBean().getName();
    return runtime + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
