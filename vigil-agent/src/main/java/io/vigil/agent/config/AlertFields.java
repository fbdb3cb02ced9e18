package io.vigil.agent.config;

import io.vigil.alerts.AlertSettings;
import io.vigil.alerts.CheckAlerting;
import io.vigil.alerts.MaintenanceWindow;
import io.vigil.alerts.Matcher;
import io.vigil.alerts.Route;
import io.vigil.alerts.Severity;
import io.vigil.checks.CheckSettings;
import io.vigil.core.Durations;
import io.vigil.core.Secrets;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code alerts} section (defaults for every sink, delivery, the watchdog), its {@code
 * maintenance[]} windows and a check's {@code alert:} field. The sinks are {@link SinkFields}.
 */
final class AlertFields {

  /** The {@code alerts} section. */
  static final Section<Draft> ALERTS =
      new Section<>(
          "alerts",
          List.of(
              new Field<>(
                  "groupBy",
                  "list of label names",
                  "`[component]`",
                  "alerts with the same values of these labels go out as one notification",
                  (s, d) -> d.groupBy = s.has("groupBy") ? s.strings("groupBy") : d.groupBy),
              duration(
                  "groupWait",
                  Route.DEFAULT_GROUP_WAIT,
                  "a new group waits this long for more alerts before its first notification",
                  (d, v) -> d.groupWait = v,
                  true),
              duration(
                  "groupInterval",
                  Route.DEFAULT_GROUP_INTERVAL,
                  "after a notification, changes to its group wait this long",
                  (d, v) -> d.groupInterval = v,
                  true),
              duration(
                  "repeatInterval",
                  Route.DEFAULT_REPEAT_INTERVAL,
                  "an alert still firing is sent again this often (`alertmanager` sinks: `1m`,"
                      + " a fraction of its `resolve_timeout`)",
                  (d, v) -> {
                    d.repeatInterval = v;
                    d.repeatSet = true;
                  },
                  false),
              new Field<>(
                  "rateLimit",
                  "whole number ≥ 1",
                  "`" + Route.DEFAULT_RATE_PER_MINUTE + "`",
                  "notifications a minute per sink; the overflow goes out as one summary",
                  (s, d) -> d.rate = s.integer("rateLimit", d.rate, 1)),
              duration(
                  "deadline",
                  AlertSettings.DEFAULT_DEADLINE,
                  "a notification not delivered by then is dead-lettered (kept, counted, shown)",
                  (d, v) -> d.deadline = v,
                  false),
              duration(
                  "retryInitial",
                  AlertSettings.DEFAULT_BACKOFF_INITIAL,
                  "first retry delay; doubled at each retry, with jitter",
                  (d, v) -> d.retryInitial = v,
                  false),
              duration(
                  "retryMax",
                  AlertSettings.DEFAULT_BACKOFF_MAX,
                  "longest delay between retries",
                  (d, v) -> d.retryMax = v,
                  false),
              new Field<>(
                  "watchdog",
                  "true/false",
                  "`false`",
                  "an always-firing `Watchdog` alert (severity info): a dead man's switch for"
                      + " whatever watches Vigil",
                  (s, d) -> d.watchdog = s.bool("watchdog", d.watchdog)),
              new Field<>(
                  "link",
                  "URL",
                  "none",
                  "a page linked from Slack messages and used as Alertmanager's `generatorURL`",
                  (s, d) -> d.link = s.string("link")),
              new Field<>(
                  "sinks",
                  "list of sinks",
                  "`[]`",
                  "where notifications go: see `alerts.sinks[]`",
                  (s, d) -> d.sinks = s.list("sinks")),
              new Field<>(
                  "maintenance",
                  "list of windows",
                  "`[]`",
                  "recurring silences: see `alerts.maintenance[]`",
                  (s, d) -> d.windows = s.list("maintenance"))));

  /** A maintenance window. */
  static final Section<List<MaintenanceWindow>> MAINTENANCE =
      new Section<>(
          "alerts.maintenance[]",
          List.of(
              new Field<>("name", "text", "required", "shown as `maintenance:NAME`", (s, w) -> {}),
              new Field<>(
                  "days",
                  "list of days",
                  "every day",
                  "`mon` … `sun` (or `mon-fri`): the days the window starts on",
                  (s, w) -> {}),
              new Field<>("from", "HH:MM", "required", "start, in `timezone`", (s, w) -> {}),
              new Field<>(
                  "to",
                  "HH:MM",
                  "required",
                  "end; not after `from`: the window runs past midnight",
                  (s, w) -> {}),
              new Field<>("timezone", "zone id", "`UTC`", "e.g. `Europe/Berlin`", (s, w) -> {}),
              new Field<>(
                  "match",
                  "mapping",
                  "`{}` (every alert)",
                  "label → value that an alert must have to be silenced",
                  (s, w) -> {}),
              new Field<>(
                  "matchRegex",
                  "mapping",
                  "`{}`",
                  "label → regular expression the whole value must match",
                  (s, w) -> {})));

  private AlertFields() {}

  private static Field<Draft> duration(
      String key,
      Duration fallback,
      String meaning,
      java.util.function.BiConsumer<Draft, Duration> set,
      boolean zeroAllowed) {
    return new Field<>(
        key,
        "duration",
        "`" + Durations.format(fallback) + "`",
        meaning,
        (s, d) -> {
          if (s.has(key)) {
            set.accept(d, checked(s, key, fallback, zeroAllowed));
          }
        });
  }

  /** A duration at {@code key}: positive, or not negative when zero is allowed. */
  static Duration checked(CheckSettings s, String key, Duration fallback, boolean zeroAllowed) {
    Duration v = s.duration(key, fallback);
    if (v.isNegative() || (!zeroAllowed && v.isZero())) {
      s.problem(key, "must be " + (zeroAllowed ? "0s or longer" : "longer than 0s"));
      return fallback;
    }
    return v;
  }

  /** The matchers of {@code match} (equality) and {@code matchRegex} at these settings. */
  static List<Matcher> matchers(CheckSettings s) {
    List<Matcher> out = new ArrayList<>();
    s.stringMap("match").forEach((k, v) -> out.add(Matcher.equal(k, v)));
    s.stringMap("matchRegex")
        .forEach(
            (k, v) -> {
              try {
                out.add(Matcher.regex(k, v));
              } catch (IllegalArgumentException e) {
                s.problem("matchRegex." + k, e.getMessage());
              }
            });
    return out;
  }

  /** A severity at {@code key}, if present and valid. */
  static Optional<Severity> severity(CheckSettings s, String key) {
    Optional<String> text = s.string(key);
    Optional<Severity> severity = text.flatMap(Severity::of);
    if (text.isPresent() && severity.isEmpty()) {
      s.problem(key, "must be info, warning or critical, but was '" + text.get() + "'");
    }
    return severity;
  }

  /** A check's {@code alert:} field: its own severity and runbook. */
  static Optional<CheckAlerting> check(CheckSettings s) {
    return s.nested("alert")
        .map(
            a -> {
              a.listKnownFields(List.of("severity", "runbook"));
              return new CheckAlerting(severity(a, "severity"), a.string("runbook"));
            });
  }

  /** The window at {@code s}. */
  static Optional<MaintenanceWindow> window(CheckSettings s) {
    s.listKnownFields(MAINTENANCE.names());
    String name = s.requiredString("name");
    Set<DayOfWeek> days = days(s);
    Optional<LocalTime> from = time(s, "from");
    Optional<LocalTime> to = time(s, "to");
    ZoneId zone = ZoneId.of("UTC");
    Optional<String> tz = s.string("timezone");
    try {
      zone = tz.map(ZoneId::of).orElse(zone);
    } catch (DateTimeException e) {
      s.problem("timezone", "unknown time zone '" + tz.get() + "' (e.g. Europe/Berlin, UTC)");
    }
    List<Matcher> matchers = matchers(s);
    if (name.isEmpty() || from.isEmpty() || to.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new MaintenanceWindow(name, matchers, days, from.get(), to.get(), zone));
  }

  private static Optional<LocalTime> time(CheckSettings s, String key) {
    String text = s.requiredString(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalTime.parse(text.length() == 4 ? "0" + text : text));
    } catch (DateTimeParseException e) {
      s.problem(key, "must be a time of day such as 02:30, but was '" + text + "'");
      return Optional.empty();
    }
  }

  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  private static Set<DayOfWeek> days(CheckSettings s) {
    if (!s.has("days")) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String item : s.strings("days")) {
      String[] range = item.strip().toLowerCase(Locale.ROOT).split("-");
      int a = DAYS.indexOf(range[0]);
      int b = range.length == 2 ? DAYS.indexOf(range[1]) : a;
      if (a < 0 || b < 0 || range.length > 2) {
        s.problem("days", "'" + item + "' is not a day (mon … sun) or a range such as mon-fri");
        continue;
      }
      for (int i = a; ; i = (i + 1) % 7) {
        days.add(DayOfWeek.of(i + 1));
        if (i == b) {
          break;
        }
      }
    }
    return days;
  }

  /**
   * The configuration summary with the sinks' secrets masked: URLs (which may hold tokens), header
   * values, secrets and passwords.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> maskSinks(Map<String, Object> summary) {
    if (!(summary.get("alerts") instanceof Map<?, ?> alerts)
        || !(alerts.get("sinks") instanceof List<?> sinks)) {
      return summary;
    }
    List<Object> masked = new ArrayList<>();
    for (Object sink : sinks) {
      if (sink instanceof Map<?, ?> m) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
        for (String key : List.of("url", "secret", "password", "headers")) {
          if (copy.containsKey(key)) {
            copy.put(key, Secrets.MASK);
          }
        }
        masked.add(copy);
      } else {
        masked.add(sink);
      }
    }
    Map<String, Object> alertsCopy = new LinkedHashMap<>((Map<String, Object>) alerts);
    alertsCopy.put("sinks", masked);
    Map<String, Object> out = new LinkedHashMap<>(summary);
    out.put("alerts", alertsCopy);
    return out;
  }

  /**
   * The {@code alerts} section and the checks' {@code alert:} fields; problems are added to {@code
   * problems}.
   */
  static AlertsConfig read(
      Map<String, Object> values, List<CheckDefinition> checks, List<String> problems) {
    CheckSettings s = ALERTS.settings("alerts", values);
    Draft d = ALERTS.read(s, new Draft());
    List<AlertsConfig.SinkDefinition> sinks = new ArrayList<>();
    List<Route> routes = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < d.sinks.size(); i++) {
      CheckSettings sink = d.sinks.get(i);
      Object name = sink.peek("name");
      if (name != null && !names.add(String.valueOf(name))) {
        sink.problem("name", "'" + name + "' is already the name of another sink");
      }
      SinkFields.read(sink, d)
          .ifPresent(
              e -> {
                sinks.add(e.getKey());
                routes.add(e.getValue());
              });
    }
    List<MaintenanceWindow> windows = new ArrayList<>();
    d.windows.forEach(w -> window(w).ifPresent(windows::add));
    if (d.retryMax.compareTo(d.retryInitial) < 0) {
      s.problem("retryMax", "must be at least retryInitial");
      d.retryMax = d.retryInitial;
    }
    Map<String, CheckAlerting> own = new LinkedHashMap<>();
    checks.forEach(c -> c.alert().ifPresent(a -> own.put(c.name(), a)));
    problems.addAll(s.problems());
    AlertSettings settings =
        AlertSettings.of(routes)
            .withChecks(own)
            .withMaintenance(windows)
            .withWatchdog(d.watchdog)
            .withDelivery(d.deadline, d.retryInitial, d.retryMax);
    return new AlertsConfig(settings, sinks);
  }

  /** The section being read. */
  static final class Draft {
    List<String> groupBy = Route.DEFAULT_GROUP_BY;
    Duration groupWait = Route.DEFAULT_GROUP_WAIT;
    Duration groupInterval = Route.DEFAULT_GROUP_INTERVAL;
    Duration repeatInterval = Route.DEFAULT_REPEAT_INTERVAL;
    boolean repeatSet;
    int rate = Route.DEFAULT_RATE_PER_MINUTE;
    Duration deadline = AlertSettings.DEFAULT_DEADLINE;
    Duration retryInitial = AlertSettings.DEFAULT_BACKOFF_INITIAL;
    Duration retryMax = AlertSettings.DEFAULT_BACKOFF_MAX;
    boolean watchdog;
    Optional<String> link = Optional.empty();
    List<CheckSettings> sinks = List.of();
    List<CheckSettings> windows = List.of();
  }
}
