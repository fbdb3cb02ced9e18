package io.vigil.alerts.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerts.Alert;
import io.vigil.alerts.Delivery;
import io.vigil.alerts.Notification;
import io.vigil.alerts.Severity;
import io.vigil.alerts.Sink;
import io.vigil.core.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Slack incoming webhook: {@code text} (the fallback and notification line) and one attachment
 * coloured by status (red critical, orange warning, blue info, green resolved) holding blocks: a
 * section per alert (check, severity, message), then a context line with the start, the runbook and
 * the link.
 */
public final class SlackSink implements Sink {

  static final String RED = "#d50200";
  static final String ORANGE = "#ffae42";
  static final String BLUE = "#439fe0";
  static final String GREEN = "#2eb886";

  /** Slack shows at most 50 blocks; alerts past this are counted in a last line. */
  private static final int MAX_ALERTS = 20;

  private final String name;
  private final URI url;
  private final Optional<String> link;
  private final HttpSender http;

  /** A Slack sink. */
  public SlackSink(String name, URI url, Duration timeout, Optional<String> link) {
    this.name = name;
    this.url = url;
    this.link = link;
    this.http = new HttpSender(timeout);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "slack";
  }

  @Override
  public Delivery send(Notification n) {
    try {
      return http.post(url, payload(n, link), Map.of());
    } catch (JsonProcessingException e) {
      return new Delivery.Rejected("cannot render the message: " + e.getOriginalMessage());
    }
  }

  /** The message JSON. */
  static String payload(Notification n, Optional<String> link) throws JsonProcessingException {
    ObjectNode root = NotificationJson.MAPPER.createObjectNode();
    root.put("text", title(n));
    ObjectNode attachment = root.putArray("attachments").addObject();
    attachment.put("color", colour(n));
    ArrayNode blocks = attachment.putArray("blocks");
    int shown = 0;
    for (Alert a : n.alerts()) {
      if (shown++ == MAX_ALERTS) {
        section(blocks, "… and " + (n.alerts().size() - MAX_ALERTS) + " more");
        break;
      }
      section(blocks, line(a));
    }
    link.ifPresent(
        l -> {
          ObjectNode context = blocks.addObject();
          context.put("type", "context");
          ObjectNode text = context.putArray("elements").addObject();
          text.put("type", "mrkdwn");
          text.put("text", "<" + l + "|Open Vigil>");
        });
    return NotificationJson.MAPPER.writeValueAsString(root);
  }

  private static void section(ArrayNode blocks, String text) {
    ObjectNode section = blocks.addObject();
    section.put("type", "section");
    ObjectNode t = section.putObject("text");
    t.put("type", "mrkdwn");
    t.put("text", text);
  }

  private static String title(Notification n) {
    String group =
        n.groupLabels().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
    String summary =
        n.suppressed() > 0 ? " (" + n.suppressed() + " held back by the rate limit)" : "";
    return "["
        + n.status().toUpperCase(java.util.Locale.ROOT)
        + ":"
        + n.alerts().size()
        + "] "
        + (group.isEmpty() ? "vigil" : group)
        + summary;
  }

  private static String line(Alert a) {
    String subject = a.check().orElse(a.labels().getOrDefault("node", ""));
    String head =
        "*"
            + (a.firing() ? "[FIRING]" : "[RESOLVED]")
            + " "
            + a.labels().get("alertname")
            + "*"
            + (subject.isEmpty() ? "" : " `" + subject + "`")
            + " ("
            + a.severity().id()
            + ")";
    String runbook =
        a.annotations().containsKey("runbook")
            ? " | <" + a.annotations().get("runbook") + "|runbook>"
            : "";
    return head + "\n" + Secrets.maskText(a.message()) + "\n_since " + a.startsAt() + "_" + runbook;
  }

  private static String colour(Notification n) {
    if (n.firingCount() == 0) {
      return GREEN;
    }
    Severity worst =
        n.alerts().stream().filter(Alert::firing).map(Alert::severity).max(Enum::compareTo).get();
    return switch (worst) {
      case CRITICAL -> RED;
      case WARNING -> ORANGE;
      case INFO -> BLUE;
    };
  }

  @Override
  public String describe() {
    return "slack " + HttpSender.masked(url);
  }

  @Override
  public void close() {
    http.close();
  }
}
