package io.vigil.alerts;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/**
 * A recurring silence from the configuration: on the given days, from {@code from} until {@code to}
 * in the window's time zone, alerts matching every matcher (all alerts with none) are not notified.
 * A window whose {@code to} is not after {@code from} runs past midnight into the next day (the day
 * it starts on is the one listed).
 *
 * @param name its name, shown as {@code maintenance:NAME} in {@code silencedBy}
 * @param matchers which alerts it silences
 * @param days the days it starts on
 * @param from start time of day
 * @param to end time of day
 * @param zone the time zone of the days and times
 */
public record MaintenanceWindow(
    String name,
    List<Matcher> matchers,
    Set<DayOfWeek> days,
    LocalTime from,
    LocalTime to,
    ZoneId zone) {

  /** Copies the collections. */
  public MaintenanceWindow {
    matchers = List.copyOf(matchers);
    days = Set.copyOf(days);
  }

  /** The id it silences with: {@code maintenance:NAME}. */
  public String id() {
    return "maintenance:" + name;
  }

  /** Whether the window is open at {@code now}. */
  public boolean openAt(Instant now) {
    ZonedDateTime local = now.atZone(zone);
    LocalTime time = local.toLocalTime();
    DayOfWeek day = local.getDayOfWeek();
    if (from.isBefore(to)) {
      return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
    }
    boolean lateToday = days.contains(day) && !time.isBefore(from);
    boolean earlyAfterYesterday = days.contains(day.minus(1)) && time.isBefore(to);
    return lateToday || earlyAfterYesterday;
  }

  /** Whether it silences these labels at {@code now}. */
  public boolean silences(java.util.Map<String, String> labels, Instant now) {
    return openAt(now) && Matcher.all(matchers, labels);
  }
}
