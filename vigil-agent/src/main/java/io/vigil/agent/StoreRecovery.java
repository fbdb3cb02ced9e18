package io.vigil.agent;

import io.vigil.core.Secrets;
import io.vigil.recovery.QuarantineCause;
import io.vigil.recovery.RecoveryEvent;
import io.vigil.recovery.RecoveryState;
import io.vigil.recovery.RecoveryStateStore;
import io.vigil.recovery.RecoveryView;
import io.vigil.store.Store;
import io.vigil.store.recovery.RecoveryRecord;
import io.vigil.store.recovery.SavedRecovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The healer's state and events in the agent's store, under this node's id. The state file of an
 * earlier run is moved in once: its entries are written to the store, then it is renamed to {@code
 * <file>.migrated} (never deleted). While the store is not open, the healer starts from the state
 * file if one is left (or from nothing), its changes wait here and go to the store once it opens;
 * its events are not recorded (they are still logged).
 */
final class StoreRecovery implements RecoveryStateStore {

  private static final Logger LOG = LoggerFactory.getLogger(StoreRecovery.class);

  private final AgentStore store;
  private final String node;
  private final Path stateFile;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, SavedRecovery.Target> pendingTargets = new LinkedHashMap<>();
  private final Map<String, SavedRecovery.Check> pendingChecks = new LinkedHashMap<>();

  /** The state of {@code node} in {@code store}; {@code stateFile} is moved in when present. */
  StoreRecovery(AgentStore store, String node, Path stateFile) {
    this.store = store;
    this.node = node;
    this.stateFile = stateFile;
    store.whenOpen(this::opened);
  }

  @Override
  public RecoveryState load() {
    lock.lock();
    try {
      Optional<Store> open = store.store();
      if (open.isPresent() && migrate(open.get())) {
        try {
          return recovery(open.get().recovery().load(node));
        } catch (RuntimeException e) {
          LOG.warn(
              "event=recovery_state_unavailable node={} error=\"{}\"",
              node,
              Secrets.maskText(String.valueOf(e.getMessage())));
        }
      }
      boolean file = Files.isRegularFile(stateFile);
      LOG.warn(
          "event=recovery_state_from_{} node={} reason=\"the store is {}\"",
          file ? "file" : "nothing",
          node,
          open.isPresent() ? "not readable" : "not open");
      return file ? RecoveryStateStore.file(stateFile).load() : RecoveryState.empty();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void save(RecoveryState changed) {
    lock.lock();
    try {
      changed.targets().forEach((name, t) -> pendingTargets.put(name, target(t)));
      changed.checks().forEach((name, c) -> pendingChecks.put(name, check(c)));
      store.store().ifPresent(this::handOver);
    } finally {
      lock.unlock();
    }
  }

  /** The store opened after the healer started: the state file and waiting changes go in. */
  private void opened(Store open) {
    lock.lock();
    try {
      handOver(open);
    } finally {
      lock.unlock();
    }
  }

  /** Moves a left state file in first (it is older), then the changes waiting here. */
  private void handOver(Store open) {
    if (!migrate(open) || (pendingTargets.isEmpty() && pendingChecks.isEmpty())) {
      return;
    }
    open.recovery().save(node, new SavedRecovery(pendingTargets, pendingChecks));
    pendingTargets.clear();
    pendingChecks.clear();
  }

  /**
   * Writes the state file's entries to the store and renames the file; true when there is no file
   * (left) to move.
   */
  private boolean migrate(Store open) {
    if (!Files.isRegularFile(stateFile)) {
      return true;
    }
    RecoveryState state = RecoveryStateStore.file(stateFile).load();
    try {
      open.recovery().saveNow(node, saved(state));
      Path renamed = renamed();
      Files.move(stateFile, renamed);
      LOG.info(
          "event=recovery_state_migrated node={} file={} renamed_to={} targets={} checks={}",
          node,
          stateFile,
          renamed.getFileName(),
          state.targets().size(),
          state.checks().size());
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "event=recovery_state_not_migrated node={} file={} error=\"{}\"",
          node,
          stateFile,
          Secrets.maskText(String.valueOf(e.getMessage())));
      return false;
    }
  }

  /** {@code <file>.migrated}, or {@code .migrated-2}, ... when an earlier one is there. */
  private Path renamed() {
    Path renamed = stateFile.resolveSibling(stateFile.getFileName() + ".migrated");
    for (int i = 2; Files.exists(renamed); i++) {
      renamed = stateFile.resolveSibling(stateFile.getFileName() + ".migrated-" + i);
    }
    return renamed;
  }

  /** Records the event as a row (with the history); nothing while the store is not open. */
  void record(RecoveryEvent event) {
    store.store().ifPresent(s -> s.recovery().record(record(node, event)));
  }

  static RecoveryRecord record(String node, RecoveryEvent event) {
    Optional<String> none = Optional.empty();
    OptionalLong noToken = OptionalLong.empty();
    Optional<Duration> notTimed = Optional.empty();
    return switch (event) {
      case RecoveryEvent.Started e ->
          new RecoveryRecord(
              node,
              e.check(),
              e.at(),
              "started",
              Optional.of(e.step()),
              e.attempt(),
              OptionalLong.of(e.fencingToken()),
              notTimed,
              "");
      case RecoveryEvent.Succeeded e ->
          new RecoveryRecord(
              node,
              e.check(),
              e.at(),
              "succeeded",
              Optional.of(e.step()),
              e.attempt(),
              noToken,
              Optional.of(e.took()),
              "");
      case RecoveryEvent.Failed e ->
          new RecoveryRecord(
              node,
              e.check(),
              e.at(),
              "failed",
              Optional.of(e.step()),
              e.attempt(),
              noToken,
              Optional.of(e.took()),
              Secrets.maskText(e.reason()));
      case RecoveryEvent.Suppressed e -> plain(node, e, "suppressed", e.reason());
      case RecoveryEvent.SuppressionEnded e -> plain(node, e, "suppression_ended", e.reason());
      case RecoveryEvent.GaveUp e -> plain(node, e, "gave_up", e.reason());
      case RecoveryEvent.QuarantineLifted e -> plain(node, e, "quarantine_lifted", e.by());
      case RecoveryEvent.Reset e -> plain(node, e, "reset", "");
    };
  }

  private static RecoveryRecord plain(String node, RecoveryEvent e, String kind, String message) {
    return new RecoveryRecord(
        node,
        e.check(),
        e.at(),
        kind,
        Optional.empty(),
        0,
        OptionalLong.empty(),
        Optional.empty(),
        Secrets.maskText(message));
  }

  private static SavedRecovery saved(RecoveryState state) {
    Map<String, SavedRecovery.Target> targets = new LinkedHashMap<>();
    state.targets().forEach((name, t) -> targets.put(name, target(t)));
    Map<String, SavedRecovery.Check> checks = new LinkedHashMap<>();
    state.checks().forEach((name, c) -> checks.put(name, check(c)));
    return new SavedRecovery(targets, checks);
  }

  private static SavedRecovery.Target target(RecoveryState.Target t) {
    return new SavedRecovery.Target(t.restarts(), t.nextRestartAt(), t.breakerOpen());
  }

  private static SavedRecovery.Check check(RecoveryState.Check c) {
    return new SavedRecovery.Check(
        c.step(),
        c.quarantine()
            .map(q -> new SavedRecovery.Quarantine(q.cause().name(), q.reason(), q.since())));
  }

  private static RecoveryState recovery(SavedRecovery saved) {
    Map<String, RecoveryState.Target> targets = new LinkedHashMap<>();
    saved
        .targets()
        .forEach(
            (name, t) ->
                targets.put(
                    name,
                    new RecoveryState.Target(t.restarts(), t.nextRestartAt(), t.breakerOpen())));
    Map<String, RecoveryState.Check> checks = new LinkedHashMap<>();
    saved.checks().forEach((name, c) -> checks.put(name, check(name, c)));
    return new RecoveryState(targets, checks);
  }

  private static RecoveryState.Check check(String name, SavedRecovery.Check c) {
    Optional<RecoveryView.Quarantine> quarantine =
        c.quarantine()
            .flatMap(
                q -> {
                  try {
                    QuarantineCause cause = QuarantineCause.valueOf(q.cause());
                    return Optional.of(new RecoveryView.Quarantine(cause, q.reason(), q.since()));
                  } catch (IllegalArgumentException e) {
                    LOG.warn(
                        "event=recovery_state_unknown_cause check={} cause={}", name, q.cause());
                    return Optional.empty();
                  }
                });
    return new RecoveryState.Check(Math.max(0, c.step()), quarantine);
  }
}
