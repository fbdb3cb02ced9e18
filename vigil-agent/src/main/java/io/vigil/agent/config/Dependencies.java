package io.vigil.agent.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code dependsOn} rules across checks: every name known, no cycles. */
final class Dependencies {

  private Dependencies() {}

  /** Unknown names in {@code dependsOn}, and cycles. */
  static List<String> problems(List<CheckDefinition> checks) {
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> graph = new LinkedHashMap<>();
    for (CheckDefinition c : checks) {
      graph.put(c.name(), c.spec().dependsOn());
    }
    for (int i = 0; i < checks.size(); i++) {
      for (String dependency : checks.get(i).spec().dependsOn()) {
        if (!graph.containsKey(dependency)) {
          problems.add(
              "checks["
                  + i
                  + "].dependsOn: no check named '"
                  + dependency
                  + "'; known: "
                  + String.join(", ", graph.keySet()));
        }
      }
    }
    Set<String> done = new LinkedHashSet<>();
    for (String start : graph.keySet()) {
      findCycle(start, graph, new ArrayDeque<>(), done).ifPresent(problems::add);
    }
    return problems;
  }

  private static Optional<String> findCycle(
      String name, Map<String, Set<String>> graph, Deque<String> path, Set<String> done) {
    if (done.contains(name) || !graph.containsKey(name)) {
      return Optional.empty();
    }
    if (path.contains(name)) {
      List<String> cycle = new ArrayList<>(path).reversed();
      cycle = new ArrayList<>(cycle.subList(cycle.indexOf(name), cycle.size()));
      cycle.add(name);
      done.addAll(cycle);
      return Optional.of("checks: dependsOn forms a cycle: " + String.join(" -> ", cycle));
    }
    path.push(name);
    for (String next : graph.get(name)) {
      Optional<String> cycle = findCycle(next, graph, path, done);
      if (cycle.isPresent()) {
        path.pop();
        return cycle;
      }
    }
    path.pop();
    done.add(name);
    return Optional.empty();
  }
}
