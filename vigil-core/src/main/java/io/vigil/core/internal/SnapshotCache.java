package io.vigil.core.internal;

import io.vigil.core.CheckSnapshot;
import io.vigil.core.ComponentSnapshot;
import io.vigil.core.HealthEvent;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.MonitorSettings;
import io.vigil.core.ScoreThresholds;
import io.vigil.core.SystemStatus;
import io.vigil.core.Ticker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system as readers see it: the engine's phase, the system status kept up to date incrementally
 * (a tally of what each check contributes, so judging a result is O(1) in the number of checks),
 * and a versioned {@link HealthSnapshot} rebuilt lazily, without the lock, when something changed.
 * Writers hold the engine lock; {@link #snapshot()} never takes it.
 */
final class SnapshotCache {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotCache.class);

  private record Cached(long version, HealthSnapshot snapshot) {}

  private final Ticker ticker;
  private final MonitorSettings settings;
  private final Map<String, CheckEntry> entries;
  private final Events events;

  private final Aggregator.Tally tally = new Aggregator.Tally();
  private SystemStatus status = SystemStatus.STARTING;
  private long graceEndNanos;

  private volatile Phase phase = Phase.NEW;
  private volatile boolean startupDone;
  private volatile Instant startTime;
  private volatile Instant updatedAt;
  private final AtomicLong version = new AtomicLong();
  private volatile Cached cached;

  SnapshotCache(
      Ticker ticker, MonitorSettings settings, Map<String, CheckEntry> entries, Events events) {
    this.ticker = ticker;
    this.settings = settings;
    this.entries = entries;
    this.events = events;
    this.startTime = ticker.wallTime();
    this.updatedAt = startTime;
  }

  Phase phase() {
    return phase;
  }

  /** Moves from NEW to RUNNING, starting the startup grace; engine lock. */
  boolean begin(long now) {
    if (phase != Phase.NEW) {
      return false;
    }
    phase = Phase.RUNNING;
    startTime = ticker.wallTime();
    graceEndNanos = now + settings.startupGrace().toNanos();
    return true;
  }

  /** Moves to STOPPING; false when already there; engine lock. */
  boolean beginStopping() {
    if (phase == Phase.STOPPING) {
      return false;
    }
    phase = Phase.STOPPING;
    return true;
  }

  /** Publishes a check's new view and re-judges the system; engine lock. */
  void publish(CheckEntry entry) {
    CheckSnapshot view = entry.buildView();
    entry.view = view;
    SystemStatus impact = view.impact();
    tally.remove(entry.impact);
    tally.add(impact);
    entry.impact = impact;
    changed();
  }

  /** Takes a removed check out of the tally; engine lock. */
  void withdraw(CheckEntry entry) {
    tally.remove(entry.impact);
    changed();
  }

  /** Invalidates the cached snapshot and re-judges the system; engine lock. */
  void changed() {
    updatedAt = ticker.wallTime();
    version.incrementAndGet();
    updateStatus(ticker.monotonicNanos());
  }

  /**
   * While starting, re-judges the system (the startup grace may have ended) and returns the
   * nanoseconds until the grace ends; {@link Long#MAX_VALUE} once started. Engine lock.
   */
  long startupBound(long now) {
    if (startupDone) {
      return Long.MAX_VALUE;
    }
    updateStatus(now);
    return graceEndNanos - now;
  }

  private void updateStatus(long now) {
    if (!startupDone
        && phase == Phase.RUNNING
        && (tally.pending == 0 || now - graceEndNanos >= 0)) {
      startupDone = true;
      version.incrementAndGet();
    }
    SystemStatus next = Aggregator.status(phase == Phase.STOPPING, startupDone, tally);
    if (next != status) {
      SystemStatus from = status;
      status = next;
      String message = Aggregator.message(next, views());
      LOG.debug("event=system_status from={} to={} message=\"{}\"", from, next, message);
      events.emit(new HealthEvent.SystemStatusChanged(from, next, message, ticker.wallTime()));
    }
  }

  /** The latest snapshot: the cached one when nothing changed, else a new one. */
  HealthSnapshot snapshot() {
    long v = version.get();
    Cached c = cached;
    if (c != null && c.version() == v) {
      return c.snapshot();
    }
    HealthSnapshot built = build();
    cached = new Cached(v, built);
    return built;
  }

  private List<CheckSnapshot> views() {
    List<CheckSnapshot> views = new ArrayList<>(entries.size());
    for (CheckEntry entry : entries.values()) {
      views.add(entry.view);
    }
    return views;
  }

  private HealthSnapshot build() {
    Map<String, CheckSnapshot> checks = new TreeMap<>();
    Map<String, List<CheckSnapshot>> byComponent = new TreeMap<>();
    for (CheckSnapshot view : views()) {
      checks.put(view.name(), view);
    }
    for (CheckSnapshot view : checks.values()) { // by name, so each component's list is in order
      byComponent.computeIfAbsent(view.spec().component(), k -> new ArrayList<>()).add(view);
    }
    SystemStatus systemStatus =
        Aggregator.status(phase == Phase.STOPPING, startupDone, Aggregator.tally(checks.values()));
    ScoreThresholds thresholds =
        new ScoreThresholds(settings.healthyScore(), settings.degradedScore());
    Map<String, ComponentSnapshot> components = new TreeMap<>();
    byComponent.forEach(
        (name, members) ->
            components.put(name, ComponentSnapshot.of(name, members, systemStatus, thresholds)));
    double score = ComponentSnapshot.meanScore(checks.values());
    return new HealthSnapshot(
        systemStatus,
        Aggregator.message(systemStatus, checks.values()),
        score,
        thresholds.level(score),
        Collections.unmodifiableMap(checks),
        Collections.unmodifiableMap(components),
        startTime,
        updatedAt,
        thresholds);
  }
}
