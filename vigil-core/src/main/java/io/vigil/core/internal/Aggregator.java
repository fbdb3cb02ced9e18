package io.vigil.core.internal;

import io.vigil.core.CheckSnapshot;
import io.vigil.core.StateType;
import io.vigil.core.Status;
import io.vigil.core.SystemStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The system status from its checks' {@link CheckSnapshot#impact() impacts}, and its explanation:
 *
 * <ul>
 *   <li>STOPPING once the monitor stops; STARTING until every enabled check has a result or the
 *       startup grace passed;
 *   <li>UNHEALTHY when a critical check is hard CRITICAL or UNKNOWN;
 *   <li>DEGRADED when any other enabled check fails (a non-critical one, or a critical one that is
 *       soft or in WARNING);
 *   <li>HEALTHY otherwise. Disabled checks do not count.
 * </ul>
 *
 * Components apply the same rules through {@link io.vigil.core.ComponentSnapshot#of}.
 */
final class Aggregator {

  private Aggregator() {}

  /** Counts of impacts, kept up to date incrementally by the engine. */
  static final class Tally {
    int pending;
    int degrading;
    int down;

    void add(SystemStatus impact) {
      move(impact, 1);
    }

    void remove(SystemStatus impact) {
      move(impact, -1);
    }

    private void move(SystemStatus impact, int by) {
      switch (impact) {
        case STARTING -> pending += by;
        case DEGRADED -> degrading += by;
        case UNHEALTHY -> down += by;
        case HEALTHY, STOPPING -> {}
      }
    }
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
      tally.add(c.impact());
    }
    return tally;
  }

  /** Why the system has this status, e.g. {@code "2 of 14 checks failing: db (critical, hard)"}. */
  /** Failing checks a system message names; the rest are counted. */
  static final int NAMED = 10;

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
          failing.size() + " of " + enabled + " checks failing: " + named(failing);
    };
  }

  /** At most {@link #NAMED} failing checks by name, then how many more: a message stays short. */
  private static String named(List<String> failing) {
    if (failing.size() <= NAMED) {
      return String.join(", ", failing);
    }
    return String.join(", ", failing.subList(0, NAMED))
        + " and "
        + (failing.size() - NAMED)
        + " more";
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
