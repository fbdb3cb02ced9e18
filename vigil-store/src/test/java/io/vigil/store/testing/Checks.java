package io.vigil.store.testing;

import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Checks for store tests: driven by {@code runNow}, never by the schedule. */
public final class Checks {

  private Checks() {}

  /** A spec whose schedule never fires during a test (runs come from {@code runNow}). */
  public static CheckSpec manual(String name, int failureThreshold) {
    return CheckSpec.builder(name)
        .interval(Duration.ofDays(1))
        .retryInterval(Duration.ofDays(1))
        .initialDelay(Duration.ofDays(1))
        .staleAfter(Duration.ofDays(3))
        .timeout(Duration.ofSeconds(10))
        .failureThreshold(failureThreshold)
        .build();
  }

  /** A check that answers the scripted statuses, taking the scripted latency on the fake clock. */
  public static final class Scripted implements HealthCheck {
    private final FakeTicker ticker;
    private final ConcurrentLinkedQueue<Status> statuses = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Duration> latencies = new ConcurrentLinkedQueue<>();

    public Scripted(FakeTicker ticker) {
      this.ticker = ticker;
    }

    /** The next run answers {@code status} after {@code latency} of fake time. */
    public Scripted next(Status status, Duration latency) {
      statuses.add(status);
      latencies.add(latency);
      return this;
    }

    @Override
    public Result check(io.vigil.core.CheckContext ctx) {
      Status s = statuses.poll();
      Duration d = latencies.poll();
      ticker.advance(d == null ? Duration.ZERO : d);
      return Result.of(s == null ? Status.OK : s, "scripted " + s);
    }
  }
}
