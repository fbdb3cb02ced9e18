package io.vigil.alerts.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerts.Alert;
import io.vigil.alerts.AlertKind;
import io.vigil.alerts.Notification;
import io.vigil.alerts.Severity;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import io.vigil.core.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The notification JSON, schema version {@value #VERSION}: what the outbox stores and the webhook
 * sink posts. Fields are only ever added to a version.
 */
public final class NotificationJson {

  /** The schema version. */
  public static final String VERSION = "1";

  static final ObjectMapper MAPPER = new ObjectMapper();

  private NotificationJson() {}

  /** The notification as JSON text. */
  public static String write(Notification n) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", VERSION);
    root.put("key", n.key());
    root.put("sink", n.sink());
    root.put("status", n.status());
    root.set("groupLabels", MAPPER.valueToTree(n.groupLabels()));
    root.put("createdAt", n.createdAt().toString());
    root.put("suppressed", n.suppressed());
    ArrayNode alerts = root.putArray("alerts");
    n.alerts().forEach(a -> alerts.add(alert(a)));
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode alert(Alert a) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("fingerprint", a.fingerprint());
    node.put("kind", a.kind().id());
    node.put("status", a.firing() ? "firing" : "resolved");
    node.put("severity", a.severity().id());
    node.set("labels", MAPPER.valueToTree(a.labels()));
    node.set("annotations", MAPPER.valueToTree(a.annotations()));
    node.put("startsAt", a.startsAt().toString());
    node.put("endsAt", a.endsAt().map(Instant::toString).orElse(null));
    node.put("sequence", a.sequence());
    a.lastResult()
        .ifPresent(
            r -> {
              ObjectNode result = node.putObject("lastResult");
              result.put("status", r.status().name());
              result.put("message", Secrets.maskText(r.message()));
              result.put("at", r.timestamp().toString());
            });
    return node;
  }

  /** A notification from its JSON text. */
  public static Notification read(String text) {
    try {
      JsonNode root = MAPPER.readTree(text);
      List<Alert> alerts = new ArrayList<>();
      root.path("alerts").forEach(a -> alerts.add(alert(a)));
      return new Notification(
          root.path("sink").asText(),
          root.path("key").asText(),
          strings(root.path("groupLabels")),
          alerts,
          Instant.parse(root.path("createdAt").asText()),
          root.path("suppressed").asInt());
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("not a notification: " + e.getMessage(), e);
    }
  }

  private static Alert alert(JsonNode a) {
    JsonNode r = a.path("lastResult");
    Optional<Result> result =
        r.isObject()
            ? Optional.of(
                Result.of(Status.valueOf(r.path("status").asText()), r.path("message").asText())
                    .stamped(Duration.ZERO, Instant.parse(r.path("at").asText())))
            : Optional.empty();
    JsonNode ends = a.path("endsAt");
    return new Alert(
        a.path("fingerprint").asText(),
        AlertKind.valueOf(a.path("kind").asText().toUpperCase(Locale.ROOT)),
        Severity.of(a.path("severity").asText()).orElse(Severity.WARNING),
        strings(a.path("labels")),
        strings(a.path("annotations")),
        Instant.parse(a.path("startsAt").asText()),
        ends.isTextual() ? Optional.of(Instant.parse(ends.asText())) : Optional.empty(),
        result,
        a.path("sequence").asLong());
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
