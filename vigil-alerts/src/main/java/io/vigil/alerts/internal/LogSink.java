package io.vigil.alerts.internal;

import io.vigil.alerts.Alert;
import io.vigil.alerts.Delivery;
import io.vigil.alerts.Notification;
import io.vigil.alerts.Sink;
import io.vigil.core.Secrets;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One key=value line per notification on the {@code vigil.alerts} logger. */
public final class LogSink implements Sink {

  private static final Logger LOG = LoggerFactory.getLogger("vigil.alerts");

  private final String name;

  /** A log sink. */
  public LogSink(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "log";
  }

  @Override
  public Delivery send(Notification n) {
    String alerts =
        n.alerts().stream()
            .map(a -> a.fingerprint() + ":" + a.kind().id() + ":" + subject(a) + ":" + state(a))
            .collect(Collectors.joining(","));
    LOG.warn(
        "event=alert_notification sink={} status={} key={} alerts={} suppressed={} list={}"
            + " message=\"{}\"",
        name,
        n.status(),
        n.key(),
        n.alerts().size(),
        n.suppressed(),
        alerts,
        n.alerts().isEmpty()
            ? ""
            : Secrets.maskText(n.alerts().getFirst().message()).replace('"', '\''));
    return Delivery.delivered();
  }

  private static String subject(Alert a) {
    return a.check().orElse(a.labels().getOrDefault("node", a.labels().get("alertname")));
  }

  private static String state(Alert a) {
    return a.firing() ? a.severity().id() : "resolved";
  }

  @Override
  public String describe() {
    return "log";
  }
}
