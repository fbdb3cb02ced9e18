package io.vigil.alerts.internal;

import io.vigil.alerts.Alert;
import io.vigil.alerts.AlertKind;
import io.vigil.alerts.AlertSettings;
import io.vigil.alerts.AlertView;
import io.vigil.alerts.MaintenanceWindow;
import io.vigil.alerts.Notification;
import io.vigil.alerts.Route;
import io.vigil.alerts.Severity;
import io.vigil.alerts.Signal;
import io.vigil.alerts.Silence;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthEvent;
import io.vigil.core.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The decisions, on an injected {@link Ticker} and nothing else: signals change the alerts; {@link
 * #evaluate()} says which notifications are due now (grouping, dedup, repeat, silences,
 * maintenance, inhibition, rate limits). Thread-safe (one lock, held briefly; no I/O under it).
 */
public final class Engine {

  private final Ticker ticker;
  private final ReentrantLock lock = new ReentrantLock();
  private final AlertBook book;
  private final EventSignals events = new EventSignals();
  private final Muting muting;
  private final Map<String, Map<String, Group>> groups = new LinkedHashMap<>();
  private final Map<String, RateLimit> limits = new LinkedHashMap<>();
  private AlertSettings settings;
  private Collection<Silence> silences = List.of();

  /** When each alert last changed (monotonic): a group's wait counts from its first change. */
  private final Map<String, Long> changedAt = new java.util.HashMap<>();

  /**
   * An engine for these settings; {@code specs} finds a check's spec by name; {@code labels} go on
   * every alert that has none of that name (e.g. the agent's {@code node}).
   */
  public Engine(
      AlertSettings settings,
      Ticker ticker,
      Function<String, Optional<CheckSpec>> specs,
      Map<String, String> labels) {
    this.ticker = ticker;
    this.book = new AlertBook(specs, labels);
    this.muting = new Muting(specs);
    apply(settings);
  }

  /** Puts new settings in force (a reload); groups and held notifications of kept sinks stay. */
  public void apply(AlertSettings value) {
    lock.lock();
    try {
      settings = value;
      book.overrides(value.checks());
      Map<String, Map<String, Group>> kept = new LinkedHashMap<>();
      Map<String, RateLimit> keptLimits = new LinkedHashMap<>();
      for (Route r : value.routes()) {
        kept.put(r.sink(), groups.getOrDefault(r.sink(), new LinkedHashMap<>()));
        RateLimit old = limits.get(r.sink());
        keptLimits.put(r.sink(), old == null ? new RateLimit(r.ratePerMinute()) : old);
      }
      groups.clear();
      groups.putAll(kept);
      limits.clear();
      limits.putAll(keptLimits);
      Signal watchdog =
          new Signal(
              AlertKind.WATCHDOG,
              Map.of(),
              value.watchdog(),
              Optional.of(Severity.INFO),
              "always firing while Vigil runs: if it stops arriving, Vigil is down",
              Optional.empty(),
              ticker.wallTime());
      changed(book.apply(watchdog), watchdog);
    } finally {
      lock.unlock();
    }
  }

  /** The silences in force from now on. */
  public void silences(Collection<Silence> value) {
    lock.lock();
    try {
      silences = List.copyOf(value);
    } finally {
      lock.unlock();
    }
  }

  /** Applies a signal; whether an alert changed. */
  public boolean signal(Signal signal) {
    lock.lock();
    try {
      return changed(book.apply(signal), signal);
    } finally {
      lock.unlock();
    }
  }

  /** Applies the signals an engine event means; whether an alert changed. */
  public boolean event(HealthEvent event) {
    lock.lock();
    try {
      boolean changed = false;
      for (Signal s : events.of(event)) {
        changed |= changed(book.apply(s), s);
      }
      return changed;
    } finally {
      lock.unlock();
    }
  }

  private boolean changed(boolean changed, Signal s) {
    if (changed) {
      changedAt.put(AlertBook.fingerprint(s.kind(), s.labels()), ticker.monotonicNanos());
    }
    return changed;
  }

  /** The notifications due now, in order; each route's groups, then its rate-limit summary. */
  public List<Notification> evaluate() {
    lock.lock();
    try {
      long nanos = ticker.monotonicNanos();
      Instant now = ticker.wallTime();
      book.forgetResolved(now, keepResolved());
      changedAt.keySet().retainAll(book.fingerprints());
      Map<String, AlertView> views = views(now);
      List<Notification> out = new ArrayList<>();
      for (Route route : settings.routes()) {
        evaluate(route, views, nanos, now, out);
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  private void evaluate(
      Route route, Map<String, AlertView> views, long nanos, Instant now, List<Notification> out) {
    Map<String, Group> routeGroups = groups.get(route.sink());
    for (AlertView v : views.values()) {
      if (v.alert().firing() && route.takes(v.alert())) { // resolved ones stay where they were
        Map<String, String> labels = route.groupLabels(v.alert());
        String key = groupFingerprint(route, labels);
        routeGroups.computeIfAbsent(key, k -> new Group(k, labels)).add(v.alert().fingerprint());
      }
    }
    RateLimit limit = limits.get(route.sink());
    for (Group g : routeGroups.values()) {
      due(route, g, views, nanos)
          .map(
              alerts ->
                  new Notification(
                      route.sink(),
                      g.fingerprint + "-" + now.toEpochMilli(),
                      g.labels,
                      alerts,
                      now,
                      0))
          .ifPresent(
              n -> {
                if (limit.tryAcquire(nanos)) {
                  out.add(n);
                } else {
                  limit.hold(n.alerts());
                }
              });
    }
    routeGroups.values().removeIf(Group::empty);
    if (limit.holding() && limit.tryAcquire(nanos)) {
      Map.Entry<Integer, List<Alert>> held = limit.release();
      String key = "ratelimit-" + AlertBook.hex(route.sink()).substring(0, 8);
      out.add(
          new Notification(
              route.sink(),
              key + "-" + now.toEpochMilli(),
              Map.of(),
              held.getValue(),
              now,
              held.getKey()));
    }
  }

  /**
   * The alerts a group sends now, if it is due and has any: its members neither silenced nor
   * inhibited (resolved ones whatever holds them), recorded as sent.
   */
  private Optional<List<Alert>> due(
      Route route, Group g, Map<String, AlertView> views, long nanos) {
    List<Alert> eligible = new ArrayList<>();
    for (String fp : List.copyOf(g.members())) {
      AlertView v = views.get(fp);
      if (v == null || !route.takes(v.alert())) {
        g.forget(fp);
      } else if (!v.alert().firing() || v.state().equals("firing")) {
        eligible.add(v.alert());
      }
    }
    Optional<List<Alert>> due =
        g.due(route, eligible, fp -> changedAt.getOrDefault(fp, nanos), nanos);
    due.ifPresent(alerts -> g.sent(alerts, nanos));
    return due.filter(alerts -> !alerts.isEmpty());
  }

  private static String groupFingerprint(Route route, Map<String, String> labels) {
    StringBuilder text = new StringBuilder(route.sink());
    labels.forEach((k, v) -> text.append('\u0000').append(k).append('=').append(v));
    return AlertBook.hex(text.toString()).substring(0, 16);
  }

  /** Resolved alerts stay long enough for every group to send their resolve. */
  private Duration keepResolved() {
    Duration longest = Duration.ofMinutes(15);
    for (Route r : settings.routes()) {
      Duration d = r.groupWait().plus(r.groupInterval()).plus(Duration.ofMinutes(5));
      longest = d.compareTo(longest) > 0 ? d : longest;
    }
    return longest;
  }

  /** Every alert with its state now. */
  public List<AlertView> alerts() {
    lock.lock();
    try {
      return List.copyOf(views(ticker.wallTime()).values());
    } finally {
      lock.unlock();
    }
  }

  private Map<String, AlertView> views(Instant now) {
    Map<String, AlertView> views = new LinkedHashMap<>();
    List<MaintenanceWindow> windows = settings.maintenance();
    for (Alert a : book.all()) {
      List<String> silencedBy = Muting.silencedBy(a, silences, windows, now);
      List<String> inhibitedBy = a.firing() ? muting.inhibitedBy(a, book::firing) : List.of();
      String state =
          !a.firing()
              ? "resolved"
              : !inhibitedBy.isEmpty()
                  ? "inhibited"
                  : !silencedBy.isEmpty() ? "silenced" : "firing";
      views.put(a.fingerprint(), new AlertView(a, state, inhibitedBy, silencedBy));
    }
    return views;
  }

  /** Notifications each sink's rate limit held back so far. */
  public Map<String, Long> rateLimited() {
    lock.lock();
    try {
      Map<String, Long> out = new LinkedHashMap<>();
      limits.forEach((sink, l) -> out.put(sink, l.suppressedTotal()));
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** The settings in force. */
  public AlertSettings settings() {
    return settings;
  }
}
