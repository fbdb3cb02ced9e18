package io.vigil.store.outbox;

import java.time.Instant;
import java.util.List;

/**
 * Alert silences kept across restarts. Thread-safe.
 *
 * @see io.vigil.store.Store#silences()
 */
public interface Silences {

  /** Writes a silence, replacing the one of the same id. */
  void save(SilenceRow silence);

  /** Every stored silence, by start. */
  List<SilenceRow> all();

  /**
   * Deletes silences that ended before {@code before}.
   *
   * @return how many were deleted
   */
  int purge(Instant before);
}
