package io.vigil.core.internal;

import io.vigil.core.CheckResume;
import io.vigil.core.CheckSpec;
import io.vigil.core.DuplicateCheckException;
import io.vigil.core.HealthCheck;
import io.vigil.core.HealthEvent;
import io.vigil.core.MonitorSettings;
import io.vigil.core.Ticker;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The registered checks by name. Registering arms a check (once the monitor runs); replacing keeps
 * its state, scores and history; removing cancels its timers and a run in progress. The map is read
 * without the lock (snapshots, history); it changes only under it.
 */
final class Registry {

  private final ReentrantLock lock;
  private final Ticker ticker;
  private final MonitorSettings settings;
  private final Map<String, CheckEntry> entries;
  private final Events events;
  private final SnapshotCache cache;
  private final Scheduler scheduler;
  private final Runner runner;

  Registry(
      ReentrantLock lock,
      Ticker ticker,
      MonitorSettings settings,
      Map<String, CheckEntry> entries,
      Events events,
      SnapshotCache cache,
      Scheduler scheduler,
      Runner runner) {
    this.lock = lock;
    this.ticker = ticker;
    this.settings = settings;
    this.entries = entries;
    this.events = events;
    this.cache = cache;
    this.scheduler = scheduler;
    this.runner = runner;
  }

  /** Adds a check, resuming its state machine from {@code resume} when it is not null. */
  void register(CheckSpec spec, HealthCheck check, CheckResume resume) {
    lock.lock();
    try {
      if (entries.containsKey(spec.name())) {
        throw new DuplicateCheckException(spec.name());
      }
      add(spec, check, resume);
    } finally {
      lock.unlock();
    }
  }

  void replace(CheckSpec spec, HealthCheck check) {
    lock.lock();
    try {
      CheckEntry entry = entries.get(spec.name());
      if (entry == null) {
        add(spec, check, null);
        return;
      }
      boolean wasEnabled = entry.spec.enabled();
      entry.spec = spec;
      entry.check = check;
      if (wasEnabled != spec.enabled() || entry.inFlight == null) {
        scheduler.arm(entry, ticker.monotonicNanos());
      }
      cache.publish(entry);
    } finally {
      lock.unlock();
    }
  }

  private void add(CheckSpec spec, HealthCheck check, CheckResume resume) {
    if (cache.phase() == Phase.STOPPING) {
      throw new IllegalStateException("the monitor is stopping; cannot add '" + spec.name() + "'");
    }
    CheckEntry entry = new CheckEntry(spec, check, settings, ticker.wallTime());
    if (resume != null) {
      entry.resume(resume);
    }
    entries.put(spec.name(), entry);
    events.emit(new HealthEvent.CheckRegistered(spec.name(), ticker.wallTime()));
    scheduler.arm(entry, ticker.monotonicNanos());
    cache.publish(entry);
  }

  boolean unregister(String name) {
    lock.lock();
    try {
      CheckEntry entry = entries.remove(name);
      if (entry == null) {
        return false;
      }
      entry.removed = true;
      scheduler.disarm(entry);
      if (entry.inFlight != null) {
        runner.cancel(entry.inFlight);
      }
      events.emit(new HealthEvent.CheckRemoved(name, ticker.wallTime()));
      cache.withdraw(entry);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The named check, or null; without the lock it may be just removed. */
  CheckEntry get(String name) {
    return entries.get(name);
  }

  Iterable<CheckEntry> all() {
    return entries.values();
  }

  int size() {
    return entries.size();
  }
}
