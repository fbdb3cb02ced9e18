package io.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.vigil.alerts.testing.AlertmanagerProcess;
import io.vigil.alerts.testing.Collector;
import io.vigil.core.Result;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each sink against the real thing where one runs here: Alertmanager, an SMTP server. */
class SinksTest {

  @TempDir Path dir;

  private static final Instant START =
      Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);

  private static Alert alert(String check, Severity severity, boolean firing) {
    return new Alert(
        "fp-" + check,
        AlertKind.DOWN,
        severity,
        Map.of(
            "alertname",
            "CheckDown",
            "check",
            check,
            "component",
            "data",
            "severity",
            severity.id()),
        Map.of("message", "CRITICAL: connection refused", "runbook", "https://runbooks.example/db"),
        START,
        firing ? Optional.empty() : Optional.of(Instant.now().truncatedTo(ChronoUnit.SECONDS)),
        Optional.of(Result.critical("connection refused")),
        firing ? 1 : 2);
  }

  private static Notification notification(String sink, Alert... alerts) {
    return new Notification(sink, "g-1", Map.of("component", "data"), List.of(alerts), START, 0);
  }

  @Test
  void slackGetsTheIncomingWebhookFormatWithBlocksColouredByStatus() throws Exception {
    try (Collector slack = Collector.start();
        Sink sink =
            Sinks.slack(
                "chat",
                slack.url("/services/T0/B0/slack-canary-77"),
                Duration.ofSeconds(2),
                Optional.of("http://vigil.example:8080/"))) {
      assertThat(
              sink.send(
                  notification(
                      "chat",
                      alert("db", Severity.CRITICAL, true),
                      alert("cache", Severity.WARNING, true))))
          .isEqualTo(Delivery.delivered());
      assertThat(sink.send(notification("chat", alert("db", Severity.CRITICAL, false))))
          .isEqualTo(Delivery.delivered());
      assertThat(sink.describe()).doesNotContain("slack-canary-77");
      JsonNode firing = new ObjectMapper().readTree(slack.requests().get(0).body());
      assertThat(firing.path("text").asText()).isEqualTo("[FIRING:2] component=data");
      JsonNode attachment = firing.path("attachments").get(0);
      assertThat(attachment.path("color").asText()).isEqualTo("#d50200");
      JsonNode blocks = attachment.path("blocks");
      assertThat(blocks.get(0).path("type").asText()).isEqualTo("section");
      assertThat(blocks.get(0).path("text").path("type").asText()).isEqualTo("mrkdwn");
      assertThat(blocks.get(0).path("text").path("text").asText())
          .contains(
              "*[FIRING] CheckDown* `db` (critical)",
              "connection refused",
              "<https://runbooks.example/db|runbook>");
      assertThat(blocks.get(2).path("type").asText()).isEqualTo("context");
      assertThat(blocks.get(2).path("elements").get(0).path("text").asText())
          .isEqualTo("<http://vigil.example:8080/|Open Vigil>");
      JsonNode resolved = new ObjectMapper().readTree(slack.requests().get(1).body());
      assertThat(resolved.path("attachments").get(0).path("color").asText()).isEqualTo("#2eb886");
      assertThat(resolved.path("text").asText()).startsWith("[RESOLVED:1]");
    }
  }

  @Test
  void alertmanagerHoldsFiringAlertsAndTakesTheirEndOnResolve() throws Exception {
    try (AlertmanagerProcess am = AlertmanagerProcess.start(dir);
        Sink sink =
            Sinks.alertmanager(
                "am",
                am.url(),
                Duration.ofSeconds(5),
                Optional.of("http://vigil.example:8080/health"))) {
      Delivery d =
          sink.send(
              notification(
                  "am",
                  alert("db", Severity.CRITICAL, true),
                  alert("cache", Severity.WARNING, true)));
      assertThat(d).isEqualTo(Delivery.delivered());
      await().atMost(Duration.ofSeconds(10)).until(() -> am.alerts().size() == 2);
      JsonNode db = find(am.alerts(), "db");
      assertThat(db.path("labels").path("alertname").asText()).isEqualTo("CheckDown");
      assertThat(db.path("labels").path("severity").asText()).isEqualTo("critical");
      assertThat(db.path("annotations").path("runbook").asText())
          .isEqualTo("https://runbooks.example/db");
      assertThat(db.path("generatorURL").asText()).isEqualTo("http://vigil.example:8080/health");
      assertThat(Instant.parse(db.path("startsAt").asText())).isEqualTo(START);
      assertThat(db.path("status").path("state").asText()).isEqualTo("active");
      // Resent while firing: still one alert per label set.
      sink.send(notification("am", alert("db", Severity.CRITICAL, true)));
      assertThat(am.alerts()).hasSize(2);
      // Resolved: Alertmanager takes the end and stops showing it as active.
      sink.send(notification("am", alert("db", Severity.CRITICAL, false)));
      await().atMost(Duration.ofSeconds(10)).until(() -> find(am.alerts(), "db") == null);
      assertThat(find(am.alerts(), "cache")).isNotNull();
      am.stop();
      assertThat(sink.send(notification("am", alert("db", Severity.CRITICAL, true))))
          .isInstanceOf(Delivery.Retry.class);
    }
  }

  private static JsonNode find(JsonNode alerts, String check) {
    return StreamSupport.stream(alerts.spliterator(), false)
        .filter(a -> a.path("labels").path("check").asText().equals(check))
        .findFirst()
        .orElse(null);
  }

  @Test
  void emailGoesOverSmtpWithAuthAndARefusedLoginIsNotRetried() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.setUser("vigil@example.org", "vigil", "smtp-canary-4411");
    smtp.start();
    try (Sink sink = Sinks.email(settings(port, "smtp-canary-4411"));
        Sink wrong = Sinks.email(settings(port, "wrong"))) {
      assertThat(sink.send(notification("mail", alert("db", Severity.CRITICAL, true))))
          .isEqualTo(Delivery.delivered());
      MimeMessage[] received = smtp.getReceivedMessages();
      assertThat(received).hasSize(1);
      assertThat(received[0].getSubject()).isEqualTo("[FIRING:1] component=data CheckDown db");
      assertThat(GreenMailUtil.getBody(received[0]))
          .contains(
              "FIRING CheckDown db (critical)",
              "connection refused",
              "runbook: https://runbooks.example/db");
      assertThat(received[0].getAllRecipients())
          .extracting(Object::toString)
          .containsExactly("oncall@example.org");
      assertThat(wrong.send(notification("mail", alert("db", Severity.CRITICAL, true))))
          .isEqualTo(new Delivery.Rejected("SMTP login refused"));
      assertThat(sink.describe()).doesNotContain("smtp-canary-4411");
      // STARTTLS required but not offered: nothing is sent, the password never goes in clear.
      EmailSettings plain = settings(port, "smtp-canary-4411");
      EmailSettings tls =
          new EmailSettings(
              plain.name(),
              plain.host(),
              plain.port(),
              plain.from(),
              plain.to(),
              plain.username(),
              plain.password(),
              true,
              plain.timeout());
      try (Sink starttls = Sinks.email(tls)) {
        Delivery d = starttls.send(notification("mail", alert("db", Severity.CRITICAL, true)));
        assertThat(d)
            .isInstanceOfSatisfying(
                Delivery.Retry.class, r -> assertThat(r.reason()).contains("STARTTLS"));
        assertThat(smtp.getReceivedMessages()).hasSize(1);
      }
    } finally {
      smtp.stop();
    }
    try (Sink down = Sinks.email(settings(port, "x"))) {
      assertThat(down.send(notification("mail", alert("db", Severity.CRITICAL, true))))
          .isInstanceOf(Delivery.Retry.class);
    }
  }

  private static EmailSettings settings(int port, String password) {
    return new EmailSettings(
        "mail",
        "127.0.0.1",
        port,
        "vigil@example.org",
        List.of("oncall@example.org"),
        Optional.of("vigil"),
        Optional.of(password),
        false,
        Duration.ofSeconds(5));
  }
}
