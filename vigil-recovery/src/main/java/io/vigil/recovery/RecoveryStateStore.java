package io.vigil.recovery;

import io.vigil.recovery.internal.StateFile;
import java.nio.file.Path;

/**
 * Where the {@link Healer} keeps its {@link RecoveryState} so an agent restart does not reset
 * budgets, backoff, open breakers and quarantines: a JSON file ({@link #file}), memory only ({@link
 * #memory}), or anything else that implements it (the agent keeps it in its store).
 *
 * <p>The healer calls {@link #load()} once when it is created and {@link #save} with the entries
 * that changed, under its lock: an implementation must return quickly (hand slow I/O to a thread of
 * its own) and must not throw; it logs its failures.
 */
public interface RecoveryStateStore {

  /** What was saved; {@link RecoveryState#empty()} when nothing was or it cannot be read. */
  RecoveryState load();

  /**
   * Keeps the entries of {@code changed}, replacing the saved entries of the same names and keeping
   * the others.
   */
  void save(RecoveryState changed);

  /**
   * A small JSON file, written atomically (a temporary file, then a rename) at every save, so a
   * crash never leaves half a file; an unreadable file is logged and read as empty.
   */
  static RecoveryStateStore file(Path file) {
    return new StateFile(file);
  }

  /** Nothing outlives the healer. */
  static RecoveryStateStore memory() {
    return new RecoveryStateStore() {
      @Override
      public RecoveryState load() {
        return RecoveryState.empty();
      }

      @Override
      public void save(RecoveryState changed) {}
    };
  }
}
