package io.vigil.agent.config;

import io.vigil.agent.config.AlertsConfig.SinkDefinition;
import io.vigil.alerts.EmailSettings;
import io.vigil.alerts.Route;
import io.vigil.alerts.Severity;
import io.vigil.alerts.Sink;
import io.vigil.alerts.Sinks;
import io.vigil.alerts.WebhookSettings;
import io.vigil.checks.CheckSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** A sink of {@code alerts.sinks[]}: its type's fields, its {@code match} and its timings. */
final class SinkFields {

  static final List<String> TYPES = List.of("log", "webhook", "slack", "alertmanager", "email");

  /** Which types take each type-specific field. */
  private static final Map<String, Set<String>> ONLY =
      Map.of(
          "url", Set.of("webhook", "slack", "alertmanager"),
          "timeout", Set.of("webhook", "slack", "alertmanager", "email"),
          "headers", Set.of("webhook"),
          "secret", Set.of("webhook"),
          "host", Set.of("email"),
          "port", Set.of("email"),
          "from", Set.of("email"),
          "to", Set.of("email"),
          "username", Set.of("email"),
          "password", Set.of("email"));

  /** The fields of a sink, for the reference (read by {@link #read}). */
  static final Section<Object> SINK =
      new Section<>(
          "alerts.sinks[]",
          List.of(
              row("name", "text", "required", "unique among the sinks"),
              row("type", "text", "required", "`" + String.join("`, `", TYPES) + "`"),
              row("match", "mapping", "`{}` (every alert)", "label → value an alert must have"),
              row("matchRegex", "mapping", "`{}`", "label → regular expression of the whole value"),
              row("minSeverity", "severity", "`info`", "the least severity sent"),
              row("groupBy", "list", "`alerts.groupBy`", "overrides the section's"),
              row("groupWait", "duration", "`alerts.groupWait`", "overrides the section's"),
              row("groupInterval", "duration", "`alerts.groupInterval`", "overrides the section's"),
              row(
                  "repeatInterval",
                  "duration",
                  "`alerts.repeatInterval`",
                  "overrides the section's"),
              row("rateLimit", "whole number", "`alerts.rateLimit`", "overrides the section's"),
              row(
                  "url",
                  "URL",
                  "required",
                  "webhook, slack: where to POST; alertmanager: its base URL. Never logged or shown"),
              row(
                  "timeout",
                  "duration",
                  "`10s`",
                  "of one request (webhook, slack, alertmanager, email)"),
              row("headers", "mapping", "`{}`", "webhook: extra headers; values never shown"),
              row(
                  "secret",
                  "text",
                  "none",
                  "webhook: HMAC-SHA256 key; signs the body in `X-Vigil-Signature: sha256=HEX`"),
              row("host", "text", "required", "email: SMTP server"),
              row("port", "whole number", "`25`", "email: SMTP port"),
              row("starttls", "true/false", "`false`", "email: require STARTTLS"),
              row("from", "address", "required", "email: sender"),
              row("to", "list of addresses", "required", "email: recipients"),
              row("username", "text", "none", "email: SMTP login"),
              row("password", "text", "none", "email: SMTP password; never shown")));

  private SinkFields() {}

  private static Field<Object> row(String name, String type, String def, String meaning) {
    return new Field<>(name, type, def, meaning, (s, t) -> {});
  }

  /** A sink and its route, when valid; problems are recorded in {@code s}. */
  static Optional<Map.Entry<SinkDefinition, Route>> read(
      CheckSettings s, AlertFields.Draft defaults) {
    s.listKnownFields(SINK.names());
    String name = s.requiredString("name");
    String type = s.requiredString("type");
    if (!type.isEmpty() && !TYPES.contains(type)) {
      s.problem("type", "unknown sink type '" + type + "'; known types: " + TYPES);
      s.ignoreUnknownFields();
      return Optional.empty();
    }
    ONLY.forEach(
        (field, types) -> {
          if (s.has(field) && !type.isEmpty() && !types.contains(type)) {
            s.problem(
                field,
                "only for sinks of type " + String.join(", ", types.stream().sorted().toList()));
            markRead(s, field);
          }
        });
    Route route = route(s, name, type, defaults);
    Optional<Supplier<Sink>> factory = factory(s, name, type, defaults);
    if (name.isEmpty() || type.isEmpty() || factory.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Map.entry(new SinkDefinition(name, type, factory.get()), route));
  }

  /** Reads a field only to mark it read (its problem is already reported). */
  private static void markRead(CheckSettings s, String field) {
    switch (field) {
      case "headers" -> s.stringMap(field);
      case "to" -> s.strings(field);
      default -> s.string(field);
    }
  }

  private static Route route(CheckSettings s, String name, String type, AlertFields.Draft d) {
    Duration repeatDefault =
        type.equals("alertmanager") && !d.repeatSet ? Duration.ofMinutes(1) : d.repeatInterval;
    return new Route(
        name.isEmpty() ? "?" : name,
        AlertFields.matchers(s),
        AlertFields.severity(s, "minSeverity").orElse(Severity.INFO),
        s.has("groupBy") ? s.strings("groupBy") : d.groupBy,
        AlertFields.checked(s, "groupWait", d.groupWait, true),
        AlertFields.checked(s, "groupInterval", d.groupInterval, true),
        AlertFields.checked(s, "repeatInterval", repeatDefault, false),
        s.integer("rateLimit", d.rate, 1));
  }

  private static Optional<Supplier<Sink>> factory(
      CheckSettings s, String name, String type, AlertFields.Draft d) {
    Duration timeout = AlertFields.checked(s, "timeout", WebhookSettings.DEFAULT_TIMEOUT, false);
    return switch (type) {
      case "log" -> Optional.of(() -> Sinks.log(name));
      case "webhook" -> {
        Optional<URI> url = url(s);
        Map<String, String> headers = s.stringMap("headers");
        Optional<String> secret = s.string("secret");
        yield url.map(
            u -> () -> Sinks.webhook(new WebhookSettings(name, u, headers, secret, timeout)));
      }
      case "slack" -> url(s).map(u -> () -> Sinks.slack(name, u, timeout, d.link));
      case "alertmanager" -> url(s).map(u -> () -> Sinks.alertmanager(name, u, timeout, d.link));
      case "email" -> email(s, name, timeout);
      default -> Optional.empty();
    };
  }

  private static Optional<Supplier<Sink>> email(CheckSettings s, String name, Duration timeout) {
    String host = s.requiredString("host");
    int port = s.port("port", 25);
    String from = s.requiredString("from");
    List<String> to = s.strings("to");
    if (to.isEmpty()) {
      s.problem("to", "is required: one address or a list");
    }
    Optional<String> user = s.string("username");
    Optional<String> password = s.string("password");
    boolean starttls = s.bool("starttls", false);
    if (host.isEmpty() || from.isEmpty() || to.isEmpty()) {
      return Optional.empty();
    }
    EmailSettings settings =
        new EmailSettings(name, host, port, from, to, user, password, starttls, timeout);
    return Optional.of(() -> Sinks.email(settings));
  }

  private static Optional<URI> url(CheckSettings s) {
    String text = s.requiredString("url");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return Optional.of(uri);
      }
    } catch (URISyntaxException e) {
      // reported below, without the URL (it may hold a token)
    }
    s.problem("url", "must be an http:// or https:// URL with a host");
    return Optional.empty();
  }
}
