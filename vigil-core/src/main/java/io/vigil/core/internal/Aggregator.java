package io.vigil.core.internal;

import io.vigil.core.CheckSnapshot;
import io.vigil.core.ComponentSnapshot;
import io.vigil.core.StateType;
import io.vigil.core.Status;
import io.vigil.core.SystemStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules that turn check states into a system (or component) status and its explanation:
 *
 * <ul>
 *   <li>STOPPING once the monitor stops; STARTING until every enabled check has a result or the
 *       startup grace passed;
 *   <li>UNHEALTHY when a critical check is hard CRITICAL or UNKNOWN;
 *   <li>DEGRADED when any other enabled check fails (a non-critical one, or a critical one that is
 *       soft or in WARNING);
 *   <li>HEALTHY otherwise. Disabled checks do not count.
 * </ul>
 */
public final class Aggregator {

  private Aggregator() {}

  /** A group of checks judged together; STARTING and STOPPING carry over from the system. */
  public static ComponentSnapshot group(
      String name, List<CheckSnapshot> members, SystemStatus systemStatus) {
    boolean stopping = systemStatus == SystemStatus.STOPPING;
    boolean started = systemStatus != SystemStatus.STARTING;
    return new ComponentSnapshot(
        name,
        status(stopping, started, tally(members)),
        meanScore(members),
        members.stream().map(CheckSnapshot::name).sorted().toList());
  }

  /** Mean score of the enabled checks that have results; 1 when there is none. */
  static double meanScore(Iterable<CheckSnapshot> checks) {
    double sum = 0;
    int n = 0;
    for (CheckSnapshot c : checks) {
      if (c.spec().enabled() && c.lastResult().isPresent()) {
        sum += c.score();
        n++;
      }
    }
    return n == 0 ? 1.0 : sum / n;
  }

  /** What one check contributes to the status. */
  enum Contribution {
    NONE,
    PENDING,
    DEGRADING,
    DOWN
  }

  /** Counts of contributions, kept up to date incrementally by the engine. */
  static final class Tally {
    int pending;
    int degrading;
    int down;

    void add(Contribution c) {
      move(c, 1);
    }

    void remove(Contribution c) {
      move(c, -1);
    }

    private void move(Contribution c, int by) {
      switch (c) {
        case PENDING -> pending += by;
        case DEGRADING -> degrading += by;
        case DOWN -> down += by;
        case NONE -> {}
      }
    }
  }

  static Contribution contribution(CheckSnapshot check) {
    if (!check.spec().enabled()) {
      return Contribution.NONE;
    }
    if (check.pending()) {
      return Contribution.PENDING;
    }
    if (check.status() == Status.OK) {
      return Contribution.NONE;
    }
    boolean hardDown = check.stateType() == StateType.HARD && check.status().isDown();
    return check.spec().critical() && hardDown ? Contribution.DOWN : Contribution.DEGRADING;
  }

  static SystemStatus status(boolean stopping, boolean startupDone, Tally tally) {
    if (stopping) {
      return SystemStatus.STOPPING;
    }
    if (!startupDone) {
      return SystemStatus.STARTING;
    }
    if (tally.down > 0) {
      return SystemStatus.UNHEALTHY;
    }
    return tally.degrading > 0 ? SystemStatus.DEGRADED : SystemStatus.HEALTHY;
  }

  static Tally tally(Iterable<CheckSnapshot> checks) {
    Tally tally = new Tally();
    for (CheckSnapshot c : checks) {
      tally.add(contribution(c));
    }
    return tally;
  }

  /** Why the system has this status, e.g. {@code "2 of 14 checks failing: db (critical, hard)"}. */
  static String message(SystemStatus status, Iterable<CheckSnapshot> checks) {
    int enabled = 0;
    int pending = 0;
    List<String> failing = new ArrayList<>();
    for (CheckSnapshot c : checks) {
      if (!c.spec().enabled()) {
        continue;
      }
      enabled++;
      if (c.pending()) {
        pending++;
      } else if (c.failing()) {
        failing.add(describe(c));
      }
    }
    return switch (status) {
      case STOPPING -> "stopping";
      case STARTING -> "starting: " + pending + " of " + enabled + " checks have no result yet";
      case HEALTHY -> enabled == 0 ? "no checks enabled" : "all " + enabled + " checks OK";
      case DEGRADED, UNHEALTHY ->
          failing.size() + " of " + enabled + " checks failing: " + String.join(", ", failing);
    };
  }

  private static String describe(CheckSnapshot c) {
    List<String> notes = new ArrayList<>();
    if (c.spec().critical()) {
      notes.add("critical");
    }
    if (c.status() != Status.CRITICAL) {
      notes.add(c.status().name().toLowerCase(Locale.ROOT));
    }
    if (c.stale()) {
      notes.add("stale");
    } else if (c.spec().critical() || c.stateType() == StateType.SOFT) {
      notes.add(c.stateType().name().toLowerCase(Locale.ROOT));
    }
    if (c.flapping()) {
      notes.add("flapping");
    }
    return notes.isEmpty() ? c.name() : c.name() + " (" + String.join(", ", notes) + ")";
  }
}
