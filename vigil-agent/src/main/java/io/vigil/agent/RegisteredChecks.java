package io.vigil.agent;

import io.vigil.agent.config.CheckDefinition;
import io.vigil.checks.BoundCheck;
import io.vigil.core.CheckResume;
import io.vigil.core.Monitor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured checks registered in the monitor, each bound to the agent while it is registered
 * (a heartbeat check accepts beats only then). Tracks what is really registered, so a change that
 * failed half-way is completed by the next one. Not thread-safe: its owner serializes the calls.
 */
final class RegisteredChecks {

  private final Monitor monitor;
  private final Map<String, CheckDefinition> registered = new LinkedHashMap<>();
  private Placement placement = Placement.LOCAL;

  RegisteredChecks(Monitor monitor) {
    this.monitor = monitor;
  }

  /**
   * From the next {@link #apply} on, only the checks {@code placement} runs here are registered.
   */
  void place(Placement placement) {
    this.placement = placement;
  }

  /**
   * Makes the registered checks those of {@code next} that run here: unchanged entries keep running
   * untouched, changed ones are replaced (keeping state and history), new ones are added (resuming
   * where their last owner left them, in a fleet), missing ones removed.
   *
   * @return how many checks were added, changed, removed and left unchanged
   */
  Map<String, Integer> apply(List<CheckDefinition> next) {
    Map<String, CheckDefinition> old = new LinkedHashMap<>(registered);
    int added = 0;
    int changed = 0;
    int unchanged = 0;
    for (CheckDefinition check : next) {
      if (!placement.runsHere(check)) {
        continue; // another agent of the fleet runs it (removed below if it ran here)
      }
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
    Optional<CheckResume> resume = placement.resume(check.name());
    if (resume.isPresent() && monitor.check(check.name()).isEmpty()) {
      monitor.register(check.spec(), check.check(), resume.get());
    } else {
      monitor.replace(check.spec(), check.check()); // registers; idempotent if a retry finds it
    }
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
