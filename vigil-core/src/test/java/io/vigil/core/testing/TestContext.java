package io.vigil.core.testing;

import io.vigil.core.CheckContext;
import io.vigil.core.CheckSpec;
import java.time.Duration;

/** A {@link CheckContext} on the real clock, for calling a check directly in a test. */
public final class TestContext implements CheckContext {

  private final CheckSpec spec;
  private final long deadline;

  private TestContext(Duration timeout) {
    this.spec = CheckSpec.builder("test").timeout(timeout).build();
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  /** A run with this much time. */
  public static TestContext withTimeout(Duration timeout) {
    return new TestContext(timeout);
  }

  /** A run with 10 seconds. */
  public static TestContext standard() {
    return withTimeout(Duration.ofSeconds(10));
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }

  @Override
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  @Override
  public boolean isExpired() {
    return deadline - System.nanoTime() <= 0;
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    Duration left = remaining();
    Thread.sleep(duration.compareTo(left) < 0 ? duration : left);
  }
}
