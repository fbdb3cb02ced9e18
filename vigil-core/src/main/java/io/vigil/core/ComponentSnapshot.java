package io.vigil.core;

import java.util.List;

/**
 * The state of one component (a group of checks named by {@link CheckSpec#component()}).
 *
 * @param name the component's name
 * @param status derived from its checks by the same rules as the system status
 * @param score mean score of its checks that have results, in 0..1
 * @param checks names of its checks
 */
public record ComponentSnapshot(
    String name, SystemStatus status, double score, List<String> checks) {

  /** Copies the list. */
  public ComponentSnapshot {
    checks = List.copyOf(checks);
  }
}
