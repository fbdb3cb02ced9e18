package io.vigil.recovery;

import io.vigil.core.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The healer's ticker as a {@link Clock}, so Resilience4j's breakers follow the fake clock. */
final class TickerClock extends Clock {

  private final Ticker ticker;

  TickerClock(Ticker ticker) {
    this.ticker = ticker;
  }

  @Override
  public ZoneOffset getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return ticker.wallTime();
  }
}
