package io.vigil.core;

/**
 * A monitor driven by its caller instead of a timer thread, for tests and benchmarks: {@link
 * #start()} arms the checks but starts no thread, and each {@link #tick()} fires what is due at the
 * {@link Ticker}'s current time. Pair it with a fake ticker to drive every state machine without
 * sleeping. Build one with {@link MonitorBuilder#buildManual()}.
 */
public interface ManualMonitor extends Monitor {

  /**
   * Fires every timer that is due at the ticker's current time: starts runs, times them out, marks
   * checks stale, and runs a {@link #onCriticalFailure critical-failure handler} whose grace ended.
   *
   * @return nanoseconds until the next timer is due (at most one second)
   */
  long tick();
}
