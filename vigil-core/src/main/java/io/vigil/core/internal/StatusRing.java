package io.vigil.core.internal;

import io.vigil.core.Status;

/** The last N statuses in a byte each; not thread-safe (owned by the engine lock). */
final class StatusRing {

  private static final Status[] STATUSES = Status.values();

  private final byte[] ring;
  private int next;
  private int size;

  StatusRing(int capacity) {
    ring = new byte[capacity];
  }

  void add(Status status) {
    ring[next] = (byte) status.ordinal();
    next = (next + 1) % ring.length;
    if (size < ring.length) {
      size++;
    }
  }

  /** Forgets every status. */
  void clear() {
    next = 0;
    size = 0;
  }

  int size() {
    return size;
  }

  int capacity() {
    return ring.length;
  }

  /** The i-th status, 0 being the oldest kept. */
  Status get(int i) {
    int start = (next - size + ring.length) % ring.length;
    return STATUSES[ring[(start + i) % ring.length]];
  }
}
