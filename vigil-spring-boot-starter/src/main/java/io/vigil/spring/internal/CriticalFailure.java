package io.vigil.spring.internal;

import io.vigil.core.Monitor;
import io.vigil.spring.CriticalFailureAction;
import io.vigil.spring.VigilProperties;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Watches for a critical failure (through the healer when there is one, so a failure its ladder
 * still works on does not count) and runs the {@link CriticalFailureAction} on a thread of its own.
 */
public final class CriticalFailure implements VigilLifecycle.Part {

  private static final Logger LOG = LoggerFactory.getLogger(CriticalFailure.class);

  private final VigilLifecycle.CriticalWatch watch;
  private final VigilProperties.CriticalFailure settings;
  private final CriticalFailureAction action;
  private AutoCloseable registration;

  public CriticalFailure(
      Monitor monitor,
      Optional<VigilLifecycle.CriticalWatch> healer,
      VigilProperties.CriticalFailure settings,
      CriticalFailureAction action) {
    this.watch =
        healer.orElse((grace, handler) -> monitor.onCriticalFailure(grace, handler)::close);
    this.settings = settings;
    this.action = action;
  }

  @Override
  public void start() {
    registration = watch.watch(settings.grace(), this::fire);
  }

  private void fire() {
    LOG.error("event=critical_failure action=shutdown grace={}", settings.grace());
    Thread.ofPlatform().name("vigil-critical-failure").start(action::onCriticalFailure);
  }

  @Override
  public void stop() {
    try {
      registration.close();
    } catch (Exception e) {
      LOG.warn("event=critical_failure_watch_close_failed error=\"{}\"", e.toString());
    }
  }

  /** The default action: close the context gracefully, then exit with the configured code. */
  public static CriticalFailureAction shutdown(
      ConfigurableApplicationContext context, int exitCode) {
    return () -> System.exit(SpringApplication.exit(context, () -> exitCode));
  }
}
