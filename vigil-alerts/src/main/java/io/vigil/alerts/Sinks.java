package io.vigil.alerts;

import io.vigil.alerts.internal.AlertmanagerSink;
import io.vigil.alerts.internal.EmailSink;
import io.vigil.alerts.internal.LogSink;
import io.vigil.alerts.internal.SlackSink;
import io.vigil.alerts.internal.WebhookSink;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The built-in sinks. */
public final class Sinks {

  private Sinks() {}

  /** One key=value log line per notification (logger {@code vigil.alerts}). */
  public static Sink log(String name) {
    return new LogSink(name);
  }

  /** A webhook: the notification JSON, idempotency key and optional signature. */
  public static Sink webhook(WebhookSettings settings) {
    return new WebhookSink(settings);
  }

  /**
   * A Slack incoming webhook: one message with a coloured attachment of blocks per notification.
   *
   * @param link a page to link from the message (the dashboard), if any
   */
  public static Sink slack(String name, URI url, Duration timeout, Optional<String> link) {
    return new SlackSink(name, url, timeout, link);
  }

  /**
   * Prometheus Alertmanager, API v2 ({@code POST /api/v2/alerts}): firing alerts without {@code
   * endsAt} (so Alertmanager resolves them after its {@code resolve_timeout} if Vigil stops
   * resending them), resolved ones with it.
   *
   * @param url Alertmanager's base URL, e.g. {@code http://127.0.0.1:9093}
   * @param generatorUrl the {@code generatorURL} of the alerts (the agent's health page), if any
   */
  public static Sink alertmanager(
      String name, URI url, Duration timeout, Optional<String> generatorUrl) {
    return new AlertmanagerSink(name, url, timeout, generatorUrl);
  }

  /** Email over SMTP. */
  public static Sink email(EmailSettings settings) {
    return new EmailSink(settings);
  }
}
