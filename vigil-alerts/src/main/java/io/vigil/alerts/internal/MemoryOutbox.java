package io.vigil.alerts.internal;

import io.vigil.core.Ticker;
import io.vigil.store.outbox.Outbox;
import io.vigil.store.outbox.OutboxEntry;
import io.vigil.store.outbox.OutboxStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An {@link Outbox} in memory, for an agent without a store (or while the store cannot be written):
 * nothing survives a restart. Its ids are negative, so they never meet the store's.
 */
final class MemoryOutbox implements Outbox {

  private final Ticker ticker;
  private final TreeMap<Long, OutboxEntry> entries = new TreeMap<>();
  private long lastId;

  MemoryOutbox(Ticker ticker) {
    this.ticker = ticker;
  }

  @Override
  public synchronized OutboxEntry add(
      String sink, String key, List<String> alerts, String payload, Instant deadline) {
    for (OutboxEntry e : entries.values()) {
      if (e.sink().equals(sink) && e.key().equals(key)) {
        return e;
      }
    }
    Instant now = ticker.wallTime();
    long id = --lastId;
    OutboxEntry e =
        new OutboxEntry(
            id,
            sink,
            key,
            OutboxStatus.PENDING,
            alerts,
            payload,
            0,
            now,
            now,
            deadline,
            Optional.empty(),
            Optional.empty());
    entries.put(id, e);
    return e;
  }

  @Override
  public synchronized List<OutboxEntry> unsent(String sink, int limit) {
    List<OutboxEntry> out = new ArrayList<>();
    for (OutboxEntry e : entries.descendingMap().values()) { // -1, -2, ...: oldest first
      if (e.sink().equals(sink) && e.status().unsent() && out.size() < limit) {
        out.add(e);
      }
    }
    return out;
  }

  @Override
  public synchronized void sent(long id, Instant at) {
    change(id, OutboxStatus.SENT, Optional.empty(), at, Optional.of(at), at);
  }

  @Override
  public synchronized void retry(long id, String error, Instant at, Instant nextAttempt) {
    change(id, OutboxStatus.FAILED, Optional.of(error), nextAttempt, Optional.empty(), at);
  }

  @Override
  public synchronized void dead(long id, String error, Instant at) {
    change(id, OutboxStatus.DEAD, Optional.of(error), at, Optional.empty(), at);
  }

  private void change(
      long id,
      OutboxStatus status,
      Optional<String> error,
      Instant next,
      Optional<Instant> sentAt,
      Instant at) {
    OutboxEntry e = entries.get(id);
    if (e != null) {
      entries.put(
          id,
          new OutboxEntry(
              id,
              e.sink(),
              e.key(),
              status,
              e.alerts(),
              e.payload(),
              e.attempts() + 1,
              e.createdAt(),
              next,
              e.deadline(),
              sentAt,
              error));
    }
  }

  @Override
  public synchronized List<OutboxEntry> list(
      Optional<OutboxStatus> status, Optional<String> sink, int limit) {
    List<OutboxEntry> out = new ArrayList<>();
    for (OutboxEntry e : entries.values()) { // -n ... -1: newest first
      if (status.map(e.status()::equals).orElse(true)
          && sink.map(e.sink()::equals).orElse(true)
          && out.size() < limit) {
        out.add(e);
      }
    }
    return out;
  }

  @Override
  public synchronized Map<String, Map<OutboxStatus, Long>> counts() {
    Map<String, Map<OutboxStatus, Long>> counts = new LinkedHashMap<>();
    for (OutboxEntry e : entries.values()) {
      counts.computeIfAbsent(e.sink(), s -> new LinkedHashMap<>()).merge(e.status(), 1L, Long::sum);
    }
    return counts;
  }

  @Override
  public synchronized int purge(Instant before) {
    int size = entries.size();
    entries
        .values()
        .removeIf(
            e ->
                !e.status().unsent()
                    && e.nextAttemptAt().isBefore(before)
                    && e.createdAt().isBefore(before));
    return size - entries.size();
  }
}
