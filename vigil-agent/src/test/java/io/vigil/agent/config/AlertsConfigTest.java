package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerts.Route;
import io.vigil.alerts.Severity;
import io.vigil.checks.CheckTypes;
import io.vigil.core.Secrets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertsConfigTest {

  private final ConfigLoader loader = new ConfigLoader(CheckTypes.load(), Map.of());

  private AgentConfig parse(String yaml) throws ConfigException {
    return loader.parse(yaml, Optional.empty());
  }

  private List<String> problems(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("valid: " + yaml);
  }

  @Test
  void theShippedExampleIsValid() throws Exception {
    AgentConfig config = loader.load(Path.of("..", "examples", "alerts.yaml"));
    assertThat(config.alerts().sinks())
        .extracting(AlertsConfig.SinkDefinition::type)
        .containsExactly("webhook", "alertmanager");
    assertThat(config.alerts().settings().routes().get(0).groupWait())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(config.alerts().settings().maintenance())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.days()).containsExactly(DayOfWeek.SUNDAY);
              assertThat(w.from()).isEqualTo(LocalTime.of(3, 0));
              assertThat(w.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
            });
    assertThat(config.alerts().settings().checks().get("web").runbook())
        .contains("https://runbooks.example.org/shop/web");
  }

  @Test
  void sinksTakeTheSectionsTimingsUnlessTheyHaveTheirOwnAndAlertmanagerResendsEveryMinute()
      throws Exception {
    AgentConfig config =
        parse(
            """
            alerts:
              groupWait: 3s
              rateLimit: 5
              sinks:
                - { name: log, type: log, groupWait: 0s, minSeverity: critical,
                    match: { component: db }, matchRegex: { check: "a.*" } }
                - { name: am, type: alertmanager, url: "http://127.0.0.1:9093" }
            checks:
              - { name: a, type: fixed, alert: { severity: critical } }
            """);
    List<Route> routes = config.alerts().settings().routes();
    assertThat(routes.get(0).groupWait()).isZero();
    assertThat(routes.get(0).minSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(routes.get(0).match()).hasSize(2);
    assertThat(routes.get(0).ratePerMinute()).isEqualTo(5);
    assertThat(routes.get(1).groupWait()).isEqualTo(Duration.ofSeconds(3));
    assertThat(routes.get(1).repeatInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(routes.get(0).repeatInterval()).isEqualTo(Duration.ofHours(4));
    assertThat(config.alerts().settings().checks().get("a").severity()).contains(Severity.CRITICAL);
  }

  @Test
  void everyMistakeIsReportedWithItsPathAndNoSecretInTheMessages() {
    List<String> problems =
        problems(
            """
            alerts:
              groupWait: -1s
              retryInitial: 10s
              retryMax: 1s
              colour: red
              sinks:
                - { name: a, type: pager }
                - { name: b, type: webhook }
                - { name: c, type: webhook, url: "ftp://x/secret-token-1", host: mail }
                - { name: c, type: log, matchRegex: { check: "(" }, minSeverity: loud }
                - { name: e, type: email, host: h, from: f@x }
              maintenance:
                - { name: w, days: [someday], from: "25:00", to: "04:00", timezone: Mars/Base }
            checks:
              - { name: x, type: fixed, alert: { severity: urgent, page: true } }
            """);
    assertThat(problems)
        .contains(
            "alerts.groupWait: must be a duration such as 500ms, 30s, 5m, 1h30m or 2d, but was"
                + " '-1s'",
            "alerts.retryMax: must be at least retryInitial",
            "alerts.sinks[0].type: unknown sink type 'pager'; known types: [log, webhook, slack,"
                + " alertmanager, email]",
            "alerts.sinks[1].url: is required",
            "alerts.sinks[2].url: must be an http:// or https:// URL with a host",
            "alerts.sinks[2].host: only for sinks of type email",
            "alerts.sinks[3].name: 'c' is already the name of another sink",
            "alerts.sinks[3].minSeverity: must be info, warning or critical, but was 'loud'",
            "alerts.sinks[4].to: is required: one address or a list",
            "alerts.maintenance[0].days: 'someday' is not a day (mon … sun) or a range such as"
                + " mon-fri",
            "alerts.maintenance[0].from: must be a time of day such as 02:30, but was '25:00'",
            "alerts.maintenance[0].timezone: unknown time zone 'Mars/Base' (e.g. Europe/Berlin,"
                + " UTC)",
            "checks[0].alert.severity: must be info, warning or critical, but was 'urgent'")
        .anySatisfy(p -> assertThat(p).startsWith("alerts.colour: unknown field; known fields:"))
        .anySatisfy(p -> assertThat(p).startsWith("alerts.sinks[3].matchRegex.check: value: not"))
        .anySatisfy(p -> assertThat(p).startsWith("checks[0].alert.page: unknown field"))
        .noneSatisfy(p -> assertThat(p).startsWith("alerts.sinks[2].host: unknown field"))
        .noneSatisfy(p -> assertThat(p).contains("secret-token-1"));
  }

  @Test
  void theDiagnosticsSummaryMasksSinkUrlsHeadersSecretsAndPasswords() throws Exception {
    AgentConfig config =
        parse(
            """
            alerts:
              sinks:
                - { name: h, type: webhook, url: "https://hooks.example/T1/abc-token-9",
                    headers: { X-Team: team-token-8 }, secret: hmac-7 }
                - { name: m, type: email, host: smtp.example, from: a@example.org,
                    to: b@example.org, username: u, password: pw-6 }
            """);
    String summary = config.summary().toString();
    assertThat(summary)
        .doesNotContain("abc-token-9", "team-token-8", "hmac-7", "pw-6")
        .contains(Secrets.MASK, "smtp.example");
  }
}
