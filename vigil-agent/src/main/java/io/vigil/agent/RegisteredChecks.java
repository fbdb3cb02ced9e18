package io.vigil.agent;

import io.vigil.agent.config.CheckDefinition;
import io.vigil.checks.BoundCheck;
import io.vigil.core.Monitor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured checks registered in the monitor, each bound to the agent while it is registered
 * (a heartbeat check accepts beats only then). Tracks what is really registered, so a change that
 * failed half-way is completed by the next one. Not thread-safe: its owner serializes the calls.
 */
final class RegisteredChecks {

  private final Monitor monitor;
  private final Map<String, CheckDefinition> registered = new LinkedHashMap<>();

  RegisteredChecks(Monitor monitor) {
    this.monitor = monitor;
  }

  /**
   * Makes the registered checks {@code next}: unchanged entries keep running untouched, changed
   * ones are replaced (keeping state and history), new ones are added, missing ones removed.
   *
   * @return how many checks were added, changed, removed and left unchanged
   */
  Map<String, Integer> apply(List<CheckDefinition> next) {
    Map<String, CheckDefinition> old = new LinkedHashMap<>(registered);
    int added = 0;
    int changed = 0;
    int unchanged = 0;
    for (CheckDefinition check : next) {
      CheckDefinition before = old.remove(check.name());
      if (before == null) {
        add(check);
        added++;
      } else if (before.source().equals(check.source())) {
        unchanged++;
      } else {
        replace(before, check);
        changed++;
      }
    }
    old.values().forEach(this::remove);
    Map<String, Integer> summary = new LinkedHashMap<>();
    summary.put("added", added);
    summary.put("changed", changed);
    summary.put("removed", old.size());
    summary.put("unchanged", unchanged);
    return summary;
  }

  private void add(CheckDefinition check) {
    monitor.replace(check.spec(), check.check()); // registers; idempotent if a retry finds it
    registered.put(check.name(), check);
    bind(check);
  }

  /** Replaces keeping state and history; binds the new check before unbinding the old one. */
  private void replace(CheckDefinition before, CheckDefinition check) {
    monitor.replace(check.spec(), check.check());
    registered.put(check.name(), check);
    bind(check);
    unbind(before);
  }

  private void remove(CheckDefinition check) {
    monitor.unregister(check.name());
    registered.remove(check.name());
    unbind(check);
  }

  private static void bind(CheckDefinition check) {
    if (check.check() instanceof BoundCheck bound) {
      bound.bind();
    }
  }

  private static void unbind(CheckDefinition check) {
    if (check.check() instanceof BoundCheck bound) {
      bound.unbind();
    }
  }
}
