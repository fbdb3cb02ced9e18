package io.vigil.core.internal;

import io.vigil.core.CheckContext;
import io.vigil.core.CheckSpec;
import io.vigil.core.Ticker;
import java.time.Duration;

/** The {@link CheckContext} of one run. */
final class RunContext implements CheckContext {

  private final CheckSpec spec;
  private final Ticker ticker;
  private final Run run;

  RunContext(CheckSpec spec, Ticker ticker, Run run) {
    this.spec = spec;
    this.ticker = ticker;
    this.run = run;
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }

  @Override
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, run.deadlineNanos - ticker.monotonicNanos()));
  }

  @Override
  public boolean isExpired() {
    return run.recorded || ticker.monotonicNanos() - run.deadlineNanos >= 0;
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (isExpired()) {
      throw new InterruptedException("the run of '" + spec.name() + "' passed its deadline");
    }
    Duration left = remaining();
    Thread.sleep(duration.compareTo(left) < 0 ? duration : left);
  }
}
