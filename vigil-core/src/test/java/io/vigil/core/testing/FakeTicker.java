package io.vigil.core.testing;

import io.vigil.core.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link Ticker} that moves only when told: {@link #advance(Duration)} moves both clocks. */
public final class FakeTicker implements Ticker {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicReference<Instant> wall;

  public FakeTicker() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  public FakeTicker(Instant wallStart) {
    this.wall = new AtomicReference<>(wallStart);
  }

  /** Moves monotonic and wall time forward together. */
  public FakeTicker advance(Duration d) {
    nanos.addAndGet(d.toNanos());
    wall.updateAndGet(w -> w.plus(d));
    return this;
  }

  /** Moves only the wall clock (e.g. an NTP step backwards), as a real clock may. */
  public FakeTicker jumpWall(Duration d) {
    wall.updateAndGet(w -> w.plus(d));
    return this;
  }

  @Override
  public long monotonicNanos() {
    return nanos.get();
  }

  @Override
  public Instant wallTime() {
    return wall.get();
  }
}
