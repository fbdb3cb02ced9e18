package io.vigil.fleet.internal;

import io.vigil.core.Ticker;
import io.vigil.fleet.FleetConfig;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether this agent's own lease is surely held, by the local monotonic clock only: the lease was
 * renewed by PostgreSQL no earlier than the local start of the last successful renewal, so it lives
 * at least {@code ttl} after that start; the agent acts only until {@code ttl - safetyMargin} after
 * it. The database's clock gives the lease its times; this clock only stops the agent early.
 */
public final class LeaseClock {

  private final Ticker ticker;
  private final long actingNanos;
  private final long ttlNanos;
  private final long createdNanos;
  private volatile boolean renewedOnce;
  private volatile long lastStart;
  private volatile String cause;
  private volatile String refusal;
  private volatile boolean closed;

  public LeaseClock(FleetConfig config, Ticker ticker) {
    this.ticker = ticker;
    this.ttlNanos = config.ttl().toNanos();
    this.actingNanos = config.ttl().minus(config.safetyMargin()).toNanos();
    this.createdNanos = ticker.monotonicNanos();
  }

  /** The local monotonic time, to be taken before a renewal round begins. */
  public long now() {
    return ticker.monotonicNanos();
  }

  /** A round that began at {@code start} (local monotonic) renewed or registered the lease. */
  public void renewed(long start) {
    lastStart = start;
    renewedOnce = true;
    cause = null;
    refusal = null;
  }

  /** A round failed; {@code why} says why (the database's error). */
  public void failed(String why) {
    cause = why;
  }

  /** The database refused the lease (e.g. the agent id is in use): the agent holds none. */
  public void refused(String why) {
    refusal = why;
    renewedOnce = false;
  }

  /** Stops acting for good. */
  public void close() {
    closed = true;
  }

  /** True while the lease is surely held. */
  public boolean acting() {
    return !closed && renewedOnce && ticker.monotonicNanos() - lastStart < actingNanos;
  }

  /**
   * True once the lease has surely run out too (local time since the last renewal's start at least
   * {@code ttl}): what this agent owned is lost, and must be claimed again with new epochs.
   */
  public boolean lapsed() {
    return closed || !renewedOnce || ticker.monotonicNanos() - lastStart >= ttlNanos;
  }

  /** Why not acting; empty when acting. */
  public Optional<String> notActing() {
    if (acting()) {
      return Optional.empty();
    }
    if (closed) {
      return Optional.of("fleet closed");
    }
    String why = cause;
    String suffix = why == null ? "" : " (" + why + ")";
    if (refusal != null) {
      return Optional.of(refusal);
    }
    if (!renewedOnce) {
      return Optional.of(
          "not registered yet, for " + seconds(ticker.monotonicNanos() - createdNanos) + suffix);
    }
    return Optional.of(
        "lease not renewed for " + seconds(ticker.monotonicNanos() - lastStart) + suffix);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }
}
