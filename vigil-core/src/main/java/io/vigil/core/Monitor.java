package io.vigil.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The health engine: runs registered checks on their own schedules and keeps an immutable {@link
 * HealthSnapshot} of their state. Reading health ({@link #snapshot()}) never runs a check and never
 * waits for one.
 *
 * <pre>{@code
 * Monitor monitor = Monitor.builder().build();
 * monitor.register(CheckSpec.builder("db").critical(true).build(), ctx -> Result.ok("up"));
 * monitor.start();
 * SystemStatus status = monitor.snapshot().status();
 * }</pre>
 *
 * <p>Thread-safe. Checks may be registered, replaced and removed while the monitor runs.
 */
public interface Monitor extends AutoCloseable {

  /** A builder with the default settings. */
  static MonitorBuilder builder() {
    return new MonitorBuilder();
  }

  /**
   * Adds a check; it first runs after its initial delay (plus jitter) once the monitor is started.
   *
   * @throws DuplicateCheckException if a check of that name is registered
   * @throws IllegalStateException if the monitor is stopping
   */
  void register(CheckSpec spec, HealthCheck check);

  /**
   * Adds a check whose state machine continues from {@code resume} (status, soft/hard, consecutive
   * counts, last result) instead of pending: what a fleet agent does when it takes a check over
   * from another. No transition is emitted for the resumed state itself. Monitors that cannot
   * resume register the check as new.
   *
   * @throws DuplicateCheckException if a check of that name is registered
   * @throws IllegalStateException if the monitor is stopping
   */
  default void register(CheckSpec spec, HealthCheck check, CheckResume resume) {
    register(spec, check);
  }

  /**
   * Adds a check, or replaces the one of the same name keeping its state, scores and history (a run
   * in progress finishes with the old code).
   */
  void replace(CheckSpec spec, HealthCheck check);

  /**
   * Removes a check, cancelling a run in progress.
   *
   * @return whether a check of that name was registered
   */
  boolean unregister(String name);

  /** Starts scheduling; idempotent. */
  void start();

  /**
   * Moves to {@link SystemStatus#STOPPING}, cancels runs in progress, delivers queued events and
   * ends every thread the monitor started; idempotent.
   */
  void stop();

  /** Same as {@link #stop()}. */
  @Override
  default void close() {
    stop();
  }

  /** The latest health snapshot; never runs a check. */
  HealthSnapshot snapshot();

  /**
   * The latest view of one check, as {@link #snapshot()} would show it; empty for an unknown name.
   * Never runs a check, and costs the same whatever the number of checks (no snapshot is built).
   */
  default Optional<CheckSnapshot> check(String name) {
    return Optional.ofNullable(snapshot().checks().get(name));
  }

  /** Delivers every later event to the listener on its own thread. */
  Subscription subscribe(HealthListener listener);

  /**
   * Runs the check now, outside its schedule; if a run is in progress, its result is returned
   * instead of starting another.
   *
   * @return the result, judged and recorded like any scheduled run; fails with {@link
   *     UnknownCheckException} for an unknown name
   */
  CompletableFuture<Result> runNow(String name);

  /** Results of the named check finished within {@code [from, to]}, oldest first. */
  Optional<History> history(String name, Instant from, Instant to);

  /** Every result kept for the named check, oldest first. */
  default Optional<History> history(String name) {
    return history(name, Instant.MIN, Instant.MAX);
  }

  /**
   * Forgets the check's recent results for flap detection: it stops flapping (with a {@link
   * HealthEvent.FlappingStopped} if it was) and the next results start a new window. For a healer
   * after a verified recovery, whose own failure and recovery are no sign of flapping.
   *
   * @return whether a check of that name is registered
   */
  boolean resetFlapping(String name);

  /** Live counters of the engine. */
  EngineStats stats();

  /**
   * Every registered check's finished runs by status and duration, counted by the engine itself
   * (exact under any load; read them for metrics instead of counting events). A consistent copy:
   * the sum over the checks equals {@link EngineStats#runs()} when no check was removed. Copied
   * under the engine's lock, held for the copy only; {@link #stats()} takes no lock.
   */
  Map<String, RunStats> runStats();

  /**
   * Graceful shutdown on critical failure, for services that embed the engine without self-healing:
   * the first time the system turns UNHEALTHY (a critical check hard down; or at once, when it
   * already is when this is called), the monitor stops (STOPPING: readiness answers 503), waits
   * {@code grace} on its {@link Ticker} so load balancers drain the node, then runs {@code handler}
   * once (e.g. {@code System.exit(1)}). Off unless called; close the subscription to turn it off.
   * It does not know about recovery: with a healer (vigil-recovery), use {@code
   * Healer.onCriticalFailure}, which fires only once healing has given up on a critical check and
   * that lasted its grace.
   */
  Subscription onCriticalFailure(Duration grace, Runnable handler);
}
