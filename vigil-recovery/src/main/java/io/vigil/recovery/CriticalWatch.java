package io.vigil.recovery;

import io.vigil.core.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Healer#onCriticalFailure} handler: due once some critical check has been hard down
 * beyond help (no ladder, or healing gave up) without a break for the grace. Not thread-safe: the
 * healer's lock guards it.
 */
final class CriticalWatch {

  private static final Logger LOG = LoggerFactory.getLogger(Healer.class);

  private final Duration grace;
  private final Runnable handler;
  private Instant since;
  private boolean fired;
  private boolean closed;

  CriticalWatch(Duration grace, Runnable handler) {
    this.grace = grace;
    this.handler = handler;
  }

  /** The handler, when it is due now (once); {@code beyondHelp} as the healer sees it now. */
  Optional<Runnable> due(List<String> beyondHelp, Instant now) {
    if (fired || closed) {
      return Optional.empty();
    }
    if (beyondHelp.isEmpty()) {
      since = null;
      return Optional.empty();
    }
    if (since == null) {
      since = now;
      LOG.warn(
          "event=critical_failure_pending checks={} grace={}",
          String.join(",", beyondHelp),
          Durations.format(grace));
    }
    if (now.isBefore(since.plus(grace))) {
      return Optional.empty();
    }
    fired = true;
    LOG.error(
        "event=critical_failure checks={} since={} grace={}",
        String.join(",", beyondHelp),
        since,
        Durations.format(grace));
    return Optional.of(handler);
  }

  void close() {
    closed = true;
  }
}
