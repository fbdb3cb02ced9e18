package io.vigil.spring.internal;

import io.vigil.recovery.Healer;
import io.vigil.spring.VigilRecovery;
import java.time.Duration;
import java.util.List;

/** A {@link Healer} for the recovery ladders declared as beans, started with the monitor. */
public final class HealerPart implements VigilLifecycle.Part, VigilLifecycle.CriticalWatch {

  private final Healer healer;

  public HealerPart(Healer healer, List<VigilRecovery> ladders) {
    this.healer = healer;
    ladders.forEach(l -> healer.protect(l.check(), l.policy()));
  }

  @Override
  public void start() {
    healer.start();
  }

  @Override
  public void stop() {
    healer.close();
  }

  @Override
  public AutoCloseable watch(Duration grace, Runnable handler) {
    return healer.onCriticalFailure(grace, handler);
  }

  /** The healer, for its views and events. */
  public Healer healer() {
    return healer;
  }
}
