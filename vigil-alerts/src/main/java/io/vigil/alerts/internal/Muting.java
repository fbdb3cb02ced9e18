package io.vigil.alerts.internal;

import io.vigil.alerts.Alert;
import io.vigil.alerts.AlertKind;
import io.vigil.alerts.MaintenanceWindow;
import io.vigil.alerts.Severity;
import io.vigil.alerts.Silence;
import io.vigil.core.CheckSpec;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What holds an alert back at one moment: silences and maintenance windows whose matchers match it,
 * and critical alerts of the checks its check depends on ({@code dependsOn}, followed
 * transitively).
 */
final class Muting {

  private final Function<String, Optional<CheckSpec>> specs;

  Muting(Function<String, Optional<CheckSpec>> specs) {
    this.specs = specs;
  }

  /** The ids of the silences and windows that mute the alert now. */
  static List<String> silencedBy(
      Alert alert, Collection<Silence> silences, List<MaintenanceWindow> windows, Instant now) {
    List<String> ids = new ArrayList<>();
    for (Silence s : silences) {
      if (s.silences(alert.labels(), now)) {
        ids.add(s.id());
      }
    }
    for (MaintenanceWindow w : windows) {
      if (w.silences(alert.labels(), now)) {
        ids.add(w.id());
      }
    }
    return ids;
  }

  /** The fingerprints of firing critical alerts of the checks the alert's check depends on. */
  List<String> inhibitedBy(Alert alert, Function<String, List<Alert>> firingOfCheck) {
    if (alert.kind() == AlertKind.WATCHDOG || alert.check().isEmpty()) {
      return List.of();
    }
    List<String> by = new ArrayList<>();
    for (String dependency : dependencies(alert.check().get())) {
      for (Alert a : firingOfCheck.apply(dependency)) {
        if (a.severity() == Severity.CRITICAL) {
          by.add(a.fingerprint());
        }
      }
    }
    return by;
  }

  /** Every check the named one depends on, directly or not (itself excluded). */
  private Set<String> dependencies(String check) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(check);
    while (!todo.isEmpty()) {
      specs
          .apply(todo.poll())
          .ifPresent(
              spec -> {
                for (String d : spec.dependsOn()) {
                  if (!d.equals(check) && seen.add(d)) {
                    todo.add(d);
                  }
                }
              });
    }
    return seen;
  }
}
