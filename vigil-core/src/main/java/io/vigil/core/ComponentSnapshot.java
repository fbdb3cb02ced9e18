package io.vigil.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The state of one component (a group of checks named by {@link CheckSpec#component()}).
 *
 * @param name the component's name
 * @param status derived from its checks by the same rules as the system status
 * @param score mean score of its checks that have results, in 0..1
 * @param scoreLevel the score judged by the monitor's score thresholds (informational)
 * @param checks names of its checks
 */
public record ComponentSnapshot(
    String name, SystemStatus status, double score, SystemStatus scoreLevel, List<String> checks) {

  /** Copies the list. */
  public ComponentSnapshot {
    checks = List.copyOf(checks);
  }

  /**
   * Judges a group of checks by the system's rules: UNHEALTHY when a member's {@link
   * CheckSnapshot#impact() impact} is, else DEGRADED when one's is, else HEALTHY; pending members
   * do not count, and STARTING and STOPPING carry over from the system.
   */
  public static ComponentSnapshot of(
      String name,
      Collection<CheckSnapshot> members,
      SystemStatus systemStatus,
      ScoreThresholds thresholds) {
    SystemStatus status = systemStatus;
    if (systemStatus != SystemStatus.STARTING && systemStatus != SystemStatus.STOPPING) {
      status = SystemStatus.HEALTHY;
      for (CheckSnapshot member : members) {
        SystemStatus impact = member.impact();
        if (impact == SystemStatus.UNHEALTHY) {
          status = impact;
          break;
        }
        if (impact == SystemStatus.DEGRADED) {
          status = impact;
        }
      }
    }
    List<String> names = sortedNames(members);
    double score = meanScore(members);
    return new ComponentSnapshot(name, status, score, thresholds.level(score), names);
  }

  /** The members' names in order; sorted only when they do not come in order already. */
  private static List<String> sortedNames(Collection<CheckSnapshot> members) {
    String[] names = new String[members.size()];
    boolean sorted = true;
    int i = 0;
    for (CheckSnapshot member : members) {
      names[i] = member.name();
      sorted &= i == 0 || names[i - 1].compareTo(names[i]) <= 0;
      i++;
    }
    if (!sorted) {
      Arrays.sort(names);
    }
    return Arrays.asList(names);
  }

  /**
   * Mean score of the enabled checks that have results, 1 when there is none: the score of a
   * component, and of the system over all its checks.
   */
  public static double meanScore(Iterable<CheckSnapshot> checks) {
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
}
