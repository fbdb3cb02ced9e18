package io.vigil.agent;

import io.vigil.core.HealthEvent;
import io.vigil.core.HealthListener;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every health event as one {@code key=value} line. A flapping check's transitions are logged
 * at debug between its {@code flapping_started} and {@code flapping_stopped} lines, and an
 * abandoned run is logged once, by the engine.
 */
final class EventLogger implements HealthListener {

  private static final Logger LOG = LoggerFactory.getLogger("vigil.events");

  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Set<String> flapping = ConcurrentHashMap.newKeySet();

  @Override
  public void onEvent(HealthEvent event) {
    switch (event) {
      case HealthEvent.StateChanged e -> {
        Result r = e.result();
        boolean first = seen.add(e.check());
        String line =
            "event="
                + (first ? "first_result" : "state_changed")
                + " check="
                + e.check()
                + (first ? "" : " from=" + e.from() + " from_type=" + e.fromType())
                + " status="
                + e.to()
                + " state="
                + e.toType()
                + " failures="
                + e.consecutiveFailures()
                + " latency_ms="
                + r.latency().toMillis()
                + " message="
                + quote(Secrets.maskText(r.message()));
        if (!first && flapping.contains(e.check())) {
          LOG.debug(line);
        } else if (e.to().isFailure()) {
          LOG.warn(line);
        } else {
          LOG.info(line);
        }
      }
      case HealthEvent.SystemStatusChanged e ->
          LOG.info(
              "event=system_status from={} to={} message={}", e.from(), e.to(), quote(e.message()));
      case HealthEvent.FlappingStarted e -> {
        flapping.add(e.check());
        LOG.warn("event=flapping_started check={} percent_change={}", e.check(), e.percentChange());
      }
      case HealthEvent.FlappingStopped e -> {
        flapping.remove(e.check());
        LOG.info("event=flapping_stopped check={} percent_change={}", e.check(), e.percentChange());
      }
      case HealthEvent.RunAbandoned e ->
          LOG.debug(
              "event=run_abandoned check={} running_ms={} abandoned_total={}",
              e.check(),
              e.runningFor().toMillis(),
              e.abandonedRuns());
      case HealthEvent.RunCompleted e ->
          LOG.debug(
              "event=run check={} status={} latency_ms={}",
              e.check(),
              e.result().status(),
              e.result().latency().toMillis());
      case HealthEvent.CheckRegistered e -> LOG.debug("event=check_registered check={}", e.check());
      case HealthEvent.CheckRemoved e -> {
        seen.remove(e.check());
        flapping.remove(e.check());
        LOG.info("event=check_removed check={}", e.check());
      }
    }
  }

  /** A value in double quotes with quotes, backslashes and line breaks escaped. */
  static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
