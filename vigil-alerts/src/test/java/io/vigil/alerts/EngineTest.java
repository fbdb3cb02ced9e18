package io.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.testing.FakeTicker;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every noise-control rule on a fake clock: nothing here sleeps or sends. */
class EngineTest {

  private final FakeTicker ticker = new FakeTicker(Instant.parse("2026-01-05T10:00:00Z"));
  private final Events events =
      new Events(ticker)
          .check("db", "data", true)
          .check("api", "web", true, "db")
          .check("cache", "data", false)
          .check("worker", "jobs", false, "api");
  private Alerts alerts;

  private Alerts alerts(AlertSettings settings) {
    alerts =
        Alerts.builder(settings)
            .ticker(ticker)
            .specs(events.specs())
            .labels(Map.of("node", "n1"))
            .build();
    return alerts;
  }

  private Alerts alerts(Route route) {
    return alerts(AlertSettings.of(List.of(route)));
  }

  @AfterEach
  void close() {
    if (alerts != null) {
      alerts.close();
    }
  }

  /** Advances the clock by steps of one second, evaluating at each, as the agent does. */
  private List<Notification> run(Duration span) {
    List<Notification> sent = new ArrayList<>();
    for (long s = 0; s < span.toSeconds(); s++) {
      ticker.advance(Duration.ofSeconds(1));
      sent.addAll(alerts.evaluate());
    }
    return sent;
  }

  @Test
  void aHardFailureIsSentOnceAfterGroupWaitThenRepeatedOnlyEveryRepeatInterval() {
    Alerts a = alerts(Route.defaults("ops"));
    a.event(events.soft("db"));
    assertThat(run(Duration.ofSeconds(30))).isEmpty(); // soft states open nothing
    a.event(events.down("db"));
    a.event(events.down("db")); // the same again: dedup
    List<Notification> first = run(Duration.ofSeconds(10));
    assertThat(first).singleElement().satisfies(n -> assertThat(n.status()).isEqualTo("firing"));
    Alert alert = first.getFirst().alerts().getFirst();
    assertThat(alert.kind()).isEqualTo(AlertKind.DOWN);
    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.labels())
        .containsEntry("check", "db")
        .containsEntry("component", "data")
        .containsEntry("node", "n1")
        .containsEntry("alertname", "CheckDown");
    assertThat(run(Duration.ofHours(4).minusSeconds(20))).isEmpty();
    assertThat(run(Duration.ofSeconds(30))).hasSize(1); // repeatInterval 4h
  }

  @Test
  void alertsOfOneComponentThatOpenWithinGroupWaitGoOutAsOneNotification() {
    Alerts a = alerts(Route.defaults("ops"));
    a.event(events.down("db"));
    ticker.advance(Duration.ofSeconds(4));
    a.event(events.down("cache"));
    List<Notification> sent = run(Duration.ofSeconds(10));
    assertThat(sent).singleElement();
    assertThat(sent.getFirst().alerts()).extracting(Alert::check).hasSize(2);
    assertThat(sent.getFirst().groupLabels()).isEqualTo(Map.of("component", "data"));
    // A later change waits groupInterval (1m) after the last notification, then carries the group.
    a.event(events.up("cache"));
    List<Notification> later = run(Duration.ofSeconds(70));
    assertThat(later).singleElement();
    assertThat(later.getFirst().alerts())
        .extracting(x -> x.check().orElseThrow() + ":" + x.firing())
        .containsExactlyInAnyOrder("db:true", "cache:false");
    assertThat(later.getFirst().createdAt())
        .isEqualTo(sent.getFirst().createdAt().plus(Duration.ofMinutes(1)));
  }

  @Test
  void aFailureThatRecoversWithinGroupWaitIsNeverSentAndAResolveFollowsASentOne() {
    Alerts a = alerts(Route.defaults("ops"));
    a.event(events.down("db"));
    ticker.advance(Duration.ofSeconds(3));
    a.event(events.up("db"));
    assertThat(run(Duration.ofMinutes(5))).isEmpty();
    a.event(events.down("db"));
    assertThat(run(Duration.ofSeconds(10))).hasSize(1);
    a.event(events.up("db"));
    List<Notification> resolved = run(Duration.ofSeconds(60));
    assertThat(resolved).singleElement();
    assertThat(resolved.getFirst().status()).isEqualTo("resolved");
    assertThat(resolved.getFirst().alerts().getFirst().endsAt()).isPresent();
    assertThat(run(Duration.ofHours(5))).isEmpty();
  }

  @Test
  void aThousandTransitionsOfAFlappingCheckInTenMinutesMakeAtMostTwoNotifications() {
    Alerts a = alerts(Route.defaults("ops"));
    List<Notification> sent = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      a.event(i % 2 == 0 ? events.down("db") : events.up("db"));
      if (i == 6) {
        a.event(events.flapping("db", true));
      }
      ticker.advance(Duration.ofMillis(600)); // 1,000 transitions in 10 minutes
      sent.addAll(a.evaluate());
    }
    a.event(events.flapping("db", false)); // the last transition was up: it ends resolved
    sent.addAll(run(Duration.ofMinutes(10)));
    assertThat(sent).hasSizeLessThanOrEqualTo(2);
    assertThat(sent.getFirst().alerts())
        .singleElement()
        .satisfies(x -> assertThat(x.kind()).isEqualTo(AlertKind.FLAPPING));
    assertThat(sent.getLast().status()).isEqualTo("resolved");
  }

  @Test
  void whenFlappingStopsOnAFailureTheDownAlertComesBackInTheSameNotification() {
    Alerts a = alerts(Route.defaults("ops"));
    a.event(events.flapping("db", true));
    a.event(events.down("db"));
    assertThat(run(Duration.ofSeconds(10))).singleElement();
    a.event(events.flapping("db", false));
    List<Notification> after = run(Duration.ofMinutes(2));
    assertThat(after).singleElement();
    assertThat(after.getFirst().alerts())
        .extracting(x -> x.kind() + ":" + x.firing())
        .containsExactlyInAnyOrder("FLAPPING:false", "DOWN:true");
  }

  @Test
  void aDependencysCriticalAlertInhibitsItsDependentsTransitively() {
    Alerts a =
        alerts(
            AlertSettings.of(
                List.of(
                    Route.defaults("ops")
                        .withTimings(Duration.ZERO, Duration.ZERO, Duration.ofHours(4)))));
    a.event(events.down("db"));
    a.event(events.down("api"));
    a.event(events.warning("worker"));
    List<Notification> sent = run(Duration.ofSeconds(2));
    assertThat(sent)
        .flatExtracting(Notification::alerts)
        .extracting(x -> x.check().orElseThrow())
        .containsExactly("db");
    String dbFingerprint = sent.getFirst().alerts().getFirst().fingerprint();
    assertThat(a.alerts())
        .filteredOn(v -> !v.alert().check().orElseThrow().equals("db"))
        .allSatisfy(
            v -> {
              assertThat(v.state()).isEqualTo("inhibited");
              assertThat(v.inhibitedBy()).contains(dbFingerprint);
            });
    a.event(events.up("db"));
    List<Notification> released = run(Duration.ofSeconds(2));
    assertThat(released)
        .flatExtracting(Notification::alerts)
        .extracting(x -> x.check().orElseThrow() + ":" + x.firing())
        .containsExactlyInAnyOrder("db:false", "api:true");
    // worker depends on api, which is now critical and firing: still inhibited
    assertThat(a.alerts())
        .filteredOn(v -> v.alert().check().orElseThrow().equals("worker"))
        .singleElement()
        .satisfies(v -> assertThat(v.state()).isEqualTo("inhibited"));
  }

  @Test
  void aSinksRateLimitHoldsTheOverflowAndSumsItUpInOneNotification() {
    Route route =
        Route.defaults("ops")
            .withTimings(Duration.ZERO, Duration.ZERO, Duration.ofHours(4))
            .withRate(2);
    Alerts a = alerts(route);
    for (int i = 0; i < 6; i++) {
      events.check("c" + i, "comp" + i, false);
      a.event(events.down("c" + i));
    }
    ticker.advance(Duration.ofSeconds(1));
    List<Notification> now = a.evaluate();
    assertThat(now).hasSize(2).allSatisfy(n -> assertThat(n.suppressed()).isZero());
    assertThat(a.rateLimited()).containsEntry("ops", 4L);
    List<Notification> later = run(Duration.ofSeconds(61));
    assertThat(later).singleElement();
    assertThat(later.getFirst().suppressed()).isEqualTo(4);
    assertThat(later.getFirst().alerts()).hasSize(4);
  }

  @Test
  void silencesMatchByEqualityAndRegexOnlyWhileActiveAndShowWhoSilenced() {
    Route route =
        Route.defaults("ops").withTimings(Duration.ZERO, Duration.ZERO, Duration.ofHours(4));
    Alerts a = alerts(route);
    Instant now = ticker.wallTime();
    a.addSilence(
        new Silence(
            "s1",
            List.of(Matcher.regex("check", "d.")),
            now,
            now.plus(Duration.ofMinutes(30)),
            "ops",
            "deploy"));
    a.addSilence(
        new Silence(
            "s2",
            List.of(
                Matcher.equal("component", "web"),
                new Matcher("severity", "warning", false, false)),
            now.plus(Duration.ofMinutes(10)),
            now.plus(Duration.ofHours(1)),
            "ops",
            "later"));
    a.event(events.down("db"));
    a.event(events.down("cache"));
    a.event(events.down("api"));
    List<Notification> sent = run(Duration.ofSeconds(2));
    assertThat(sent)
        .flatExtracting(Notification::alerts)
        .extracting(x -> x.check().orElseThrow())
        .containsExactly("cache");
    assertThat(a.alerts())
        .filteredOn(v -> v.alert().check().orElseThrow().equals("db"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.state()).isEqualTo("silenced");
              assertThat(v.silencedBy()).containsExactly("s1");
            });
    // api is inhibited by db (its dependency) whether or not db is silenced
    assertThat(a.silences())
        .extracting(s -> s.state(ticker.wallTime()))
        .containsExactly(Silence.State.ACTIVE, Silence.State.PENDING);
    a.expireSilence("s1");
    List<Notification> released = run(Duration.ofSeconds(2));
    assertThat(released) // db joins cache's group (component data), which goes out whole
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.alerts())
                    .extracting(x -> x.check().orElseThrow())
                    .containsExactlyInAnyOrder("db", "cache"));
  }

  @Test
  void aMaintenanceWindowSilencesOnItsDaysAndHoursInItsTimeZone() {
    ZoneId berlin = ZoneId.of("Europe/Berlin"); // 10:00Z on Monday 2026-01-05 is 11:00 there
    MaintenanceWindow window =
        new MaintenanceWindow(
            "patch",
            List.of(Matcher.equal("component", "data")),
            EnumSet.of(DayOfWeek.MONDAY),
            LocalTime.of(11, 0),
            LocalTime.of(11, 30),
            berlin);
    assertThat(window.openAt(Instant.parse("2026-01-05T10:10:00Z"))).isTrue();
    assertThat(window.openAt(Instant.parse("2026-01-05T10:30:00Z"))).isFalse();
    assertThat(window.openAt(Instant.parse("2026-01-06T10:10:00Z"))).isFalse(); // Tuesday
    MaintenanceWindow night =
        new MaintenanceWindow(
            "night",
            List.of(),
            Set.of(DayOfWeek.SUNDAY),
            LocalTime.of(23, 0),
            LocalTime.of(2, 0),
            berlin);
    assertThat(night.openAt(Instant.parse("2026-01-05T00:30:00Z"))).isTrue(); // Mon 01:30
    assertThat(night.openAt(Instant.parse("2026-01-05T01:30:00Z"))).isFalse(); // Mon 02:30
    Route route =
        Route.defaults("ops").withTimings(Duration.ZERO, Duration.ZERO, Duration.ofHours(4));
    Alerts a = alerts(AlertSettings.of(List.of(route)).withMaintenance(List.of(window)));
    a.event(events.down("db"));
    assertThat(run(Duration.ofMinutes(25))).isEmpty();
    assertThat(a.alerts())
        .singleElement()
        .satisfies(v -> assertThat(v.silencedBy()).containsExactly("maintenance:patch"));
    assertThat(run(Duration.ofMinutes(10))).singleElement(); // the window closed at 10:30Z
  }

  @Test
  void routesTakeAlertsByLabelsAndSeverityAndChecksMayOverrideSeverityAndRunbook() {
    Route pager =
        new Route(
            "pager",
            List.of(Matcher.regex("component", "data|web")),
            Severity.CRITICAL,
            List.of("component"),
            Duration.ZERO,
            Duration.ZERO,
            Duration.ofHours(4),
            20);
    Route chat =
        Route.defaults("chat").withTimings(Duration.ZERO, Duration.ZERO, Duration.ofHours(4));
    Alerts a =
        alerts(
            AlertSettings.of(List.of(pager, chat))
                .withChecks(
                    Map.of(
                        "cache",
                        new CheckAlerting(
                            java.util.Optional.of(Severity.CRITICAL),
                            java.util.Optional.of("https://runbooks.example/cache")))));
    a.event(events.down("cache")); // not critical, but overridden to critical
    a.event(events.warning("db"));
    List<Notification> sent = run(Duration.ofSeconds(2));
    assertThat(sent)
        .filteredOn(n -> n.sink().equals("pager"))
        .flatExtracting(Notification::alerts)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.check()).contains("cache");
              assertThat(x.annotations())
                  .containsEntry("runbook", "https://runbooks.example/cache");
            });
    assertThat(sent)
        .filteredOn(n -> n.sink().equals("chat"))
        .flatExtracting(Notification::alerts)
        .hasSize(2);
  }

  @Test
  void staleChecksAndOtherSourcesOpenTheirOwnKindsAndTheWatchdogAlwaysFires() {
    Route route =
        Route.defaults("ops").withTimings(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1));
    Alerts a = alerts(AlertSettings.of(List.of(route)).withWatchdog(true));
    a.event(events.stale("cache"));
    a.signal(
        Signal.open(
            AlertKind.NODE_DEAD,
            Map.of("node", "n2"),
            Severity.CRITICAL,
            "node n2 missed its heartbeats",
            ticker.wallTime()));
    a.signal(
        Signal.open(
            AlertKind.GAVE_UP,
            Map.of("check", "db"),
            Severity.CRITICAL,
            "healing gave up",
            ticker.wallTime()));
    assertThat(run(Duration.ofSeconds(2)))
        .flatExtracting(Notification::alerts)
        .extracting(Alert::kind)
        .containsExactlyInAnyOrder(
            AlertKind.STALE, AlertKind.NODE_DEAD, AlertKind.GAVE_UP, AlertKind.WATCHDOG);
    a.signal(Signal.resolve(AlertKind.NODE_DEAD, Map.of("node", "n2"), "back", ticker.wallTime()));
    List<Notification> minute = run(Duration.ofSeconds(61));
    assertThat(minute)
        .flatExtracting(Notification::alerts)
        .filteredOn(x -> x.kind() == AlertKind.WATCHDOG)
        .isNotEmpty();
    assertThat(minute)
        .flatExtracting(Notification::alerts)
        .filteredOn(x -> x.kind() == AlertKind.NODE_DEAD)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.firing()).isFalse();
              assertThat(x.labels()).containsEntry("node", "n2"); // the dead node, not this one
            });
  }
}
