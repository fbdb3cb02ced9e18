package io.vigil.alerts;

import java.time.Duration;

/** Told about every delivery attempt (for metrics); called on the sink's delivery thread. */
@FunctionalInterface
public interface DeliveryObserver {

  /**
   * One attempt ended.
   *
   * @param sink the sink's name
   * @param outcome {@code sent}, {@code retry} or {@code dead}
   * @param latency for {@code sent}: from the notification's creation to its delivery
   */
  void attempted(String sink, String outcome, Duration latency);

  /** An observer that ignores everything. */
  static DeliveryObserver none() {
    return (sink, outcome, latency) -> {};
  }
}
