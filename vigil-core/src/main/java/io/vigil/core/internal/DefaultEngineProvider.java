package io.vigil.core.internal;

import io.vigil.core.EngineProvider;
import io.vigil.core.ManualMonitor;
import io.vigil.core.MonitorSettings;
import io.vigil.core.Ticker;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * The engine, as {@link io.vigil.core.MonitorBuilder} finds it through {@link
 * java.util.ServiceLoader}; the one public class of this package.
 */
public final class DefaultEngineProvider implements EngineProvider {

  /** For {@link java.util.ServiceLoader}. */
  public DefaultEngineProvider() {}

  @Override
  public ManualMonitor create(
      MonitorSettings settings,
      Ticker ticker,
      Executor executor,
      RandomGenerator random,
      boolean timerThread) {
    return new DefaultMonitor(settings, ticker, executor, random, timerThread);
  }
}
