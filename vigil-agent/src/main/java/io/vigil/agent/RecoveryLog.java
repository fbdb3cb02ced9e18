package io.vigil.agent;

import io.vigil.core.Secrets;
import io.vigil.recovery.RecoveryEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each recovery event as one key=value line, secrets masked. */
final class RecoveryLog {

  private static final Logger LOG = LoggerFactory.getLogger("vigil.recovery");

  private RecoveryLog() {}

  static void log(RecoveryEvent event) {
    switch (event) {
      case RecoveryEvent.Started e ->
          LOG.warn(
              "event=recovery_started check={} step={} attempt={} token={}",
              e.check(),
              e.step(),
              e.attempt(),
              e.fencingToken());
      case RecoveryEvent.Succeeded e ->
          LOG.info(
              "event=recovery_succeeded check={} step={} attempt={} took_ms={}",
              e.check(),
              e.step(),
              e.attempt(),
              e.took().toMillis());
      case RecoveryEvent.Failed e ->
          LOG.warn(
              "event=recovery_failed check={} step={} attempt={} took_ms={} reason={}",
              e.check(),
              e.step(),
              e.attempt(),
              e.took().toMillis(),
              EventLogger.quote(Secrets.maskText(e.reason())));
      case RecoveryEvent.Suppressed e ->
          LOG.info(
              "event=recovery_suppressed check={} reason={}",
              e.check(),
              EventLogger.quote(Secrets.maskText(e.reason())));
      case RecoveryEvent.SuppressionEnded e ->
          LOG.info(
              "event=recovery_suppression_ended check={} reason={}",
              e.check(),
              EventLogger.quote(Secrets.maskText(e.reason())));
      case RecoveryEvent.QuarantineLifted e ->
          LOG.warn(
              "event=quarantine_lifted check={} by={} at={}",
              e.check(),
              EventLogger.quote(e.by()),
              e.at());
      case RecoveryEvent.GaveUp e ->
          LOG.error(
              "event=healing_gave_up check={} reason={} quarantined=true",
              e.check(),
              EventLogger.quote(e.reason()));
      case RecoveryEvent.Reset e -> LOG.info("event=recovery_reset check={}", e.check());
    }
  }
}
