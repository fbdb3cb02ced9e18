package io.vigil.store.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recovery states waiting to be written, one slot per entry: a newer state replaces an unwritten
 * older one, nothing is dropped, and a state whose write failed stays until it is written.
 */
final class StateSlots {

  private final Map<List<String>, Row.StateRow> pending = new ConcurrentHashMap<>();

  void put(Row.StateRow row) {
    pending.put(row.key(), row);
  }

  /** The states to write now. */
  Map<List<String>, Row.StateRow> snapshot() {
    return Map.copyOf(pending);
  }

  /** The states of {@code snapshot} are stored; a state replaced meanwhile stays to be written. */
  void written(Map<List<String>, Row.StateRow> snapshot) {
    snapshot.forEach(pending::remove);
  }

  int size() {
    return pending.size();
  }
}
