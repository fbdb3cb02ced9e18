package io.vigil.spring.internal;

import io.vigil.core.Monitor;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the monitor and its parts (healer, Vigil's server, the critical-failure watch) before the
 * web server serves, and stops them after it has drained: checks answer as soon as requests come,
 * and go on while in-flight requests finish.
 */
public final class VigilLifecycle implements SmartLifecycle {

  /** Before the web server starts (Boot's is near {@code DEFAULT_PHASE - 2048}), after it stops. */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 8192;

  private final Monitor monitor;
  private final List<Part> parts;
  private volatile boolean running;

  public VigilLifecycle(Monitor monitor, List<Part> parts) {
    this.monitor = monitor;
    this.parts = List.copyOf(parts);
  }

  @Override
  public void start() {
    monitor.start();
    parts.forEach(Part::start);
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    parts.reversed().forEach(Part::stop);
    monitor.stop();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Something that starts and stops with the monitor. */
  public interface Part {
    void start();

    void stop();
  }

  /** Where critical failures are watched: the healer when there is one, else the monitor. */
  public interface CriticalWatch {
    /**
     * Runs {@code handler} once after a critical failure lasting {@code grace}; returns a closer.
     */
    AutoCloseable watch(java.time.Duration grace, Runnable handler);
  }
}
