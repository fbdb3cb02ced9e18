package io.vigil.core;

import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Creates the engine behind {@link MonitorBuilder}. The builder finds it with {@link
 * java.util.ServiceLoader}, so this API does not depend on the engine's classes; vigil-core ships
 * the one implementation. Not for users: build monitors with {@link Monitor#builder()}.
 */
public interface EngineProvider {

  /**
   * A new, not yet started engine.
   *
   * @param timerThread whether {@link Monitor#start()} starts a timer thread; without one the
   *     caller drives the engine with {@link ManualMonitor#tick()}
   */
  ManualMonitor create(
      MonitorSettings settings,
      Ticker ticker,
      Executor executor,
      RandomGenerator random,
      boolean timerThread);
}
