package io.vigil.fleet.internal;

import io.vigil.core.Subscription;
import io.vigil.fleet.Lease;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * One singleton lease this agent competes for. The renewal round sets what the database says
 * ({@link #set}); {@link #watch()} (on the event thread, and after each round) tells listeners when
 * {@link #held()} changed, which also happens when the agent stops acting between rounds.
 */
public final class SingletonLease implements Lease {

  private final String name;
  private final String me;
  private final LeaseClock clock;
  private final Events events;
  private final List<Events.Sub<Boolean>> listeners = Events.listeners();
  private volatile String holder;
  private volatile long epoch;
  private boolean told; // guarded by this

  SingletonLease(String name, String me, LeaseClock clock, Events events) {
    this.name = name;
    this.me = me;
    this.clock = clock;
    this.events = events;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean held() {
    return me.equals(holder) && clock.acting();
  }

  /** My epoch while the database says I hold it, even when not acting (for renewals). */
  OptionalLong mine() {
    String h = holder;
    long e = epoch;
    return me.equals(h) ? OptionalLong.of(e) : OptionalLong.empty();
  }

  @Override
  public OptionalLong epoch() {
    return held() ? mine() : OptionalLong.empty();
  }

  @Override
  public Optional<String> holder() {
    return Optional.ofNullable(holder);
  }

  /** What the last round read: the live holder (or null) and its epoch. */
  synchronized void set(String holder, long epoch) {
    this.epoch = epoch;
    this.holder = holder;
    watch();
  }

  /** Forgets holding it (the lease lapsed or the agent closes). */
  synchronized void drop() {
    if (me.equals(holder)) {
      holder = null;
    }
    watch();
  }

  /** Tells listeners when {@link #held()} changed since last told. */
  synchronized void watch() {
    boolean now = held();
    if (now != told) {
      told = now;
      events.emit(listeners, now);
    }
  }

  @Override
  public synchronized Subscription onChange(Consumer<Boolean> heldNow) {
    return events.add(listeners, heldNow, told);
  }
}
