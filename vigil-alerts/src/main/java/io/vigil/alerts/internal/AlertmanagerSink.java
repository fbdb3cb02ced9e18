package io.vigil.alerts.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerts.Alert;
import io.vigil.alerts.Delivery;
import io.vigil.alerts.Notification;
import io.vigil.alerts.Sink;
import io.vigil.core.Secrets;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Prometheus Alertmanager API v2: {@code POST /api/v2/alerts} with an array of alerts (labels,
 * annotations, startsAt, endsAt for resolved ones, generatorURL). Alertmanager deduplicates by
 * labels, so resending a firing alert (every {@code repeatInterval}) only keeps it alive.
 */
public final class AlertmanagerSink implements Sink {

  private final String name;
  private final URI alerts;
  private final Optional<String> generatorUrl;
  private final HttpSender http;

  /** A sink posting to the Alertmanager at {@code url} (its base URL). */
  public AlertmanagerSink(String name, URI url, Duration timeout, Optional<String> generatorUrl) {
    this.name = name;
    String base = url.toString().replaceAll("/+$", "");
    this.alerts = URI.create(base + "/api/v2/alerts");
    this.generatorUrl = generatorUrl;
    this.http = new HttpSender(timeout);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "alertmanager";
  }

  @Override
  public Delivery send(Notification n) {
    try {
      return http.post(alerts, payload(n), Map.of());
    } catch (JsonProcessingException e) {
      return new Delivery.Rejected("cannot render the alerts: " + e.getOriginalMessage());
    }
  }

  String payload(Notification n) throws JsonProcessingException {
    ArrayNode array = NotificationJson.MAPPER.createArrayNode();
    for (Alert a : n.alerts()) {
      ObjectNode node = array.addObject();
      ObjectNode labels = node.putObject("labels");
      a.labels().forEach(labels::put);
      ObjectNode annotations = node.putObject("annotations");
      a.annotations().forEach((k, v) -> annotations.put(k, Secrets.maskText(v)));
      annotations.put("fingerprint", a.fingerprint());
      node.put("startsAt", a.startsAt().toString());
      a.endsAt().map(Instant::toString).ifPresent(e -> node.put("endsAt", e));
      generatorUrl.ifPresent(g -> node.put("generatorURL", g));
    }
    return NotificationJson.MAPPER.writeValueAsString(array);
  }

  @Override
  public String describe() {
    return "alertmanager " + HttpSender.masked(alerts);
  }

  @Override
  public void close() {
    http.close();
  }
}
