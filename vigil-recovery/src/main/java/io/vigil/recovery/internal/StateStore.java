package io.vigil.recovery.internal;

import io.vigil.recovery.RecoveryState;
import io.vigil.recovery.RecoveryStateStore;
import io.vigil.recovery.RecoveryView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The healer's working copy of what must survive an agent restart: restart budgets, backoff, open
 * breakers, quarantines. Read from a {@link RecoveryStateStore} once; {@link #save()} hands it the
 * entries that changed since the last save. Not thread-safe: the healer's lock guards it.
 */
public final class StateStore {

  /** Per target (what breakers and budgets are keyed by). */
  public static final class Target {
    public List<Long> restarts = new ArrayList<>();
    public long nextRestartAt;
    public boolean breakerOpen;

    RecoveryState.Target value() {
      return new RecoveryState.Target(
          restarts.stream().map(Instant::ofEpochMilli).toList(),
          nextRestartAt == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(nextRestartAt)),
          breakerOpen);
    }
  }

  /** Per check. */
  public static final class Check {
    public int step;
    public Optional<RecoveryView.Quarantine> quarantine = Optional.empty();

    RecoveryState.Check value() {
      return new RecoveryState.Check(step, quarantine);
    }
  }

  /** An entry never saved counts as this: a new entry is saved once it differs. */
  private static final RecoveryState.Target NO_TARGET =
      new RecoveryState.Target(List.of(), Optional.empty(), false);

  private static final RecoveryState.Check NO_CHECK = new RecoveryState.Check(0, Optional.empty());

  private final RecoveryStateStore backend;
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final Map<String, Check> checks = new LinkedHashMap<>();
  private final Map<String, RecoveryState.Target> savedTargets = new LinkedHashMap<>();
  private final Map<String, RecoveryState.Check> savedChecks = new LinkedHashMap<>();

  private StateStore(RecoveryStateStore backend) {
    this.backend = backend;
  }

  /** Reads what {@code backend} has saved. */
  public static StateStore open(RecoveryStateStore backend) {
    StateStore store = new StateStore(Objects.requireNonNull(backend, "backend"));
    RecoveryState saved = backend.load();
    saved.targets().forEach((name, t) -> store.targets.put(name, target(t)));
    saved.checks().forEach((name, c) -> store.checks.put(name, check(c)));
    store.savedTargets.putAll(saved.targets());
    store.savedChecks.putAll(saved.checks());
    return store;
  }

  private static Target target(RecoveryState.Target t) {
    Target out = new Target();
    out.restarts = new ArrayList<>(t.restarts().stream().map(Instant::toEpochMilli).toList());
    out.nextRestartAt = t.nextRestartAt().map(Instant::toEpochMilli).orElse(0L);
    out.breakerOpen = t.breakerOpen();
    return out;
  }

  private static Check check(RecoveryState.Check c) {
    Check out = new Check();
    out.step = c.step();
    out.quarantine = c.quarantine();
    return out;
  }

  public Target target(String name) {
    return targets.computeIfAbsent(name, k -> new Target());
  }

  public Check check(String name) {
    return checks.computeIfAbsent(name, k -> new Check());
  }

  /** Hands the entries that changed since the last save to the backend; nothing when none did. */
  public void save() {
    Map<String, RecoveryState.Target> changedTargets = new LinkedHashMap<>();
    targets.forEach(
        (name, t) -> {
          RecoveryState.Target now = t.value();
          if (!now.equals(savedTargets.getOrDefault(name, NO_TARGET))) {
            changedTargets.put(name, now);
          }
        });
    Map<String, RecoveryState.Check> changedChecks = new LinkedHashMap<>();
    checks.forEach(
        (name, c) -> {
          RecoveryState.Check now = c.value();
          if (!now.equals(savedChecks.getOrDefault(name, NO_CHECK))) {
            changedChecks.put(name, now);
          }
        });
    if (changedTargets.isEmpty() && changedChecks.isEmpty()) {
      return;
    }
    backend.save(new RecoveryState(changedTargets, changedChecks));
    savedTargets.putAll(changedTargets);
    savedChecks.putAll(changedChecks);
  }
}
