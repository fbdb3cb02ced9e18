package io.vigil.agent;

import io.vigil.agent.config.AgentConfig;
import io.vigil.core.CheckResume;
import io.vigil.core.CheckSnapshot;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import io.vigil.core.StateType;
import io.vigil.core.Status;
import io.vigil.fleet.CheckState;
import io.vigil.fleet.Fleet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The states of a fleet agent's checks in PostgreSQL: written once a second (the checks that ran
 * since), for the fleet-wide health and for the agent that takes a check over, which resumes from
 * them ({@link #resume}).
 */
final class FleetStates implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FleetStates.class);

  /** How often the states of this agent's checks are written. */
  private static final Duration WRITE_EVERY = Duration.ofSeconds(1);

  private final Fleet fleet;
  private final Monitor monitor;
  private final Supplier<AgentConfig> config;
  private final Map<String, Instant> written = new ConcurrentHashMap<>();
  private final Thread writer;
  private volatile boolean closed;
  private volatile Scope scope;

  FleetStates(Fleet fleet, Monitor monitor, Supplier<AgentConfig> config) {
    this.fleet = fleet;
    this.monitor = monitor;
    this.config = config;
    this.writer = Thread.ofPlatform().daemon().name("vigil-fleet-states").start(this::writeLoop);
  }

  /** The stored state as the engine resumes it; empty when it has no result to resume from. */
  static Optional<CheckResume> resume(CheckState s) {
    if (s.resultAt() == null) {
      return Optional.empty();
    }
    Status status = Status.valueOf(s.status().toUpperCase(Locale.ROOT));
    Result last =
        new Result(
            status,
            s.message() == null ? "" : s.message(),
            Map.of(),
            Duration.ofMillis(Math.max(0, s.latencyMs())),
            s.resultAt(),
            Optional.empty());
    return Optional.of(
        new CheckResume(
            status,
            StateType.valueOf(s.stateType().toUpperCase(Locale.ROOT)),
            s.consecutiveFailures(),
            s.consecutiveSuccesses(),
            Optional.of(last),
            s.lastChange() == null ? s.resultAt() : s.lastChange()));
  }

  private void writeLoop() {
    while (!closed) {
      try {
        writeStates();
      } catch (RuntimeException e) {
        LOG.debug("event=fleet_states_not_written error=\"{}\"", e.getMessage());
      }
      try {
        Thread.sleep(WRITE_EVERY); // a pace, not a synchronisation
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The names of the fleet's checks (not every-agent) of the configuration in force. */
  private Set<String> fleetChecks() {
    AgentConfig current = config.get();
    Scope scope = this.scope;
    if (scope == null || scope.config() != current) {
      scope = new Scope(current, AgentFleet.fleetChecks(current).keySet());
      this.scope = scope;
    }
    return scope.names();
  }

  /** The fleet's check names, made once per configuration rather than every second. */
  private record Scope(AgentConfig config, Set<String> names) {}

  /** Writes the states of this agent's fleet checks that have a new result since the last write. */
  void writeStates() {
    if (!fleet.acting()) {
      return;
    }
    Set<String> fleetChecks = fleetChecks();
    List<CheckState> rows = new ArrayList<>();
    for (String name : fleetChecks) {
      CheckSnapshot c = monitor.check(name).orElse(null); // one view each, no snapshot built
      if (c == null || c.lastResult().isEmpty()) {
        continue;
      }
      Result r = c.lastResult().get();
      if (r.timestamp().equals(written.get(c.name()))) {
        continue;
      }
      int partition = fleet.partition(c.name());
      long epoch = fleet.epoch(partition).orElse(-1);
      if (epoch < 0) {
        continue; // no longer ours
      }
      rows.add(
          new CheckState(
              c.name(),
              partition,
              epoch,
              fleet.config().agentId(),
              c.status().name().toLowerCase(Locale.ROOT),
              c.stateType().name().toLowerCase(Locale.ROOT),
              c.consecutiveFailures(),
              c.consecutiveSuccesses(),
              c.flapping(),
              c.spec().critical(),
              c.spec().component(),
              Secrets.maskText(r.message()),
              r.latency().toMillis(),
              r.timestamp(),
              c.lastChange(),
              null));
    }
    if (rows.isEmpty()) {
      return;
    }
    fleet.states().write(rows);
    rows.forEach(row -> written.put(row.check(), row.resultAt()));
  }

  @Override
  public void close() {
    closed = true;
    writer.interrupt();
  }
}
