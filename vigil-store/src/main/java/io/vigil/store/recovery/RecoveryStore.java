package io.vigil.store.recovery;

import java.time.Instant;
import java.util.List;

/**
 * The healer's state and events in the store, per node (the agent's node id), so an agent restart
 * keeps restart budgets, backoff, open breakers and quarantines, and every recovery attempt is kept
 * as rows. Obtained from {@link io.vigil.store.Store#recovery()}; thread-safe.
 */
public interface RecoveryStore {

  /**
   * What is saved for {@code node}.
   *
   * @throws io.vigil.store.StoreException when the database cannot be read
   */
  SavedRecovery load(String node);

  /**
   * Saves the entries of {@code changed} (replacing those of the same names) without waiting: the
   * store's writer writes them at once, the latest value of each entry winning; while the database
   * cannot be written they wait (never dropped) and are tried again.
   */
  void save(String node, SavedRecovery changed);

  /**
   * Saves the entries now, in one transaction (e.g. when moving a state file into the store).
   *
   * @throws io.vigil.store.StoreException when the database cannot be written
   */
  void saveNow(String node, SavedRecovery entries);

  /**
   * Queues a recovery event to be written with the history (the same bounded queue as the
   * transitions: never blocks; when full, the oldest rows are dropped and counted).
   */
  void record(RecoveryRecord record);

  /**
   * The check's recovery events within {@code [from, to]}, oldest first.
   *
   * @throws io.vigil.store.StoreException when the database cannot be read
   */
  List<RecoveryRecord> records(String check, Instant from, Instant to);
}
