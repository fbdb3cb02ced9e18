package io.vigil.agent.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code dependsOn} rules across checks: every name known, no cycles. Cycle detection is an
 * iterative depth-first search, so a chain of 20,000 checks needs no deeper stack than one check.
 */
final class Dependencies {

  /** How many known names an unknown-dependency problem lists. */
  private static final int KNOWN_SHOWN = 20;

  private enum Mark {
    ON_PATH,
    DONE
  }

  private Dependencies() {}

  /**
   * Unknown names in {@code dependsOn}, and cycles.
   *
   * @param checks the valid checks
   * @param indexes each valid check's index in the file, for the problems' paths
   * @param names every name in the file, of valid entries or not (an invalid entry is reported by
   *     itself, not again as an unknown name)
   */
  static List<String> problems(
      List<CheckDefinition> checks, List<Integer> indexes, Set<String> names) {
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> graph = new LinkedHashMap<>();
    for (CheckDefinition c : checks) {
      graph.put(c.name(), c.spec().dependsOn());
    }
    for (int i = 0; i < checks.size(); i++) {
      for (String dependency : checks.get(i).spec().dependsOn()) {
        if (!names.contains(dependency)) {
          problems.add(
              "checks["
                  + indexes.get(i)
                  + "].dependsOn: no check named '"
                  + dependency
                  + "'; known: "
                  + known(names));
        }
      }
    }
    Map<String, Mark> marks = new HashMap<>();
    for (String start : graph.keySet()) {
      if (!marks.containsKey(start)) {
        cycleFrom(start, graph, marks).ifPresent(problems::add);
      }
    }
    return problems;
  }

  private static String known(Set<String> names) {
    List<String> shown = names.stream().limit(KNOWN_SHOWN).toList();
    String more = names.size() > KNOWN_SHOWN ? ", ... (" + names.size() + " in all)" : "";
    return String.join(", ", shown) + more;
  }

  /** A depth-first search from {@code start} with its own stack; the first cycle found, if any. */
  private static java.util.Optional<String> cycleFrom(
      String start, Map<String, Set<String>> graph, Map<String, Mark> marks) {
    Deque<String> path = new ArrayDeque<>();
    Deque<Iterator<String>> next = new ArrayDeque<>();
    path.push(start);
    next.push(graph.get(start).iterator());
    marks.put(start, Mark.ON_PATH);
    while (!path.isEmpty()) {
      if (!next.peek().hasNext()) {
        marks.put(path.pop(), Mark.DONE);
        next.pop();
        continue;
      }
      String dependency = next.peek().next();
      Mark mark = marks.get(dependency);
      if (mark == Mark.ON_PATH) {
        return java.util.Optional.of(cycle(path, dependency, marks));
      }
      if (mark == null && graph.containsKey(dependency)) {
        marks.put(dependency, Mark.ON_PATH);
        path.push(dependency);
        next.push(graph.get(dependency).iterator());
      }
    }
    return java.util.Optional.empty();
  }

  /** The cycle ending at {@code name} on the path, as {@code a -> b -> a}; marks it all done. */
  private static String cycle(Deque<String> path, String name, Map<String, Mark> marks) {
    List<String> cycle = new ArrayList<>(path).reversed();
    cycle = new ArrayList<>(cycle.subList(cycle.indexOf(name), cycle.size()));
    cycle.add(name);
    path.forEach(n -> marks.put(n, Mark.DONE));
    return "checks: dependsOn forms a cycle: " + String.join(" -> ", cycle);
  }
}
