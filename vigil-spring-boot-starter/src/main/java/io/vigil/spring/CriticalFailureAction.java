package io.vigil.spring;

/**
 * What happens when a critical check has been hard down beyond help for {@code
 * vigil.critical-failure.grace} (with {@code vigil.critical-failure.shutdown=true}). The default
 * closes the application context, which shuts the web server down gracefully, then exits with
 * {@code vigil.critical-failure.exit-code}; declare a bean of this type to do something else.
 */
@FunctionalInterface
public interface CriticalFailureAction {

  /** Called once, on a thread of its own. */
  void onCriticalFailure();
}
