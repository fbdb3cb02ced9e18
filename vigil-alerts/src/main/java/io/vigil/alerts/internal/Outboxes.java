package io.vigil.alerts.internal;

import io.vigil.core.Secrets;
import io.vigil.core.Ticker;
import io.vigil.store.outbox.Outbox;
import io.vigil.store.outbox.OutboxEntry;
import io.vigil.store.outbox.OutboxStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's outbox when there is one and it can be written, else one in memory (ids below 0): a
 * notification is never dropped because the store is down, it is only less durable. Reads merge
 * both; updates go where the notification is.
 */
final class Outboxes implements Outbox {

  private static final Logger LOG = LoggerFactory.getLogger("vigil.alerts");

  private final Supplier<Optional<Outbox>> store;
  private final MemoryOutbox memory;

  Outboxes(Supplier<Optional<Outbox>> store, Ticker ticker) {
    this.store = store;
    this.memory = new MemoryOutbox(ticker);
  }

  @Override
  public OutboxEntry add(
      String sink, String key, List<String> alerts, String payload, Instant deadline) {
    Optional<Outbox> durable = store.get();
    if (durable.isPresent()) {
      try {
        return durable.get().add(sink, key, alerts, payload, deadline);
      } catch (RuntimeException e) {
        LOG.warn(
            "event=outbox_write_failed sink={} key={} fallback=memory error=\"{}\"",
            sink,
            key,
            Secrets.maskText(String.valueOf(e.getMessage())));
      }
    }
    return memory.add(sink, key, alerts, payload, deadline);
  }

  @Override
  public List<OutboxEntry> unsent(String sink, int limit) {
    List<OutboxEntry> out = new ArrayList<>(memory.unsent(sink, limit));
    store.get().ifPresent(s -> out.addAll(s.unsent(sink, limit)));
    out.sort(Comparator.comparing(OutboxEntry::createdAt));
    return out.size() > limit ? out.subList(0, limit) : out;
  }

  private Outbox of(long id) {
    return id < 0 ? memory : store.get().orElseThrow(() -> new IllegalStateException("no store"));
  }

  @Override
  public void sent(long id, Instant at) {
    of(id).sent(id, at);
  }

  @Override
  public void retry(long id, String error, Instant at, Instant nextAttempt) {
    of(id).retry(id, error, at, nextAttempt);
  }

  @Override
  public void dead(long id, String error, Instant at) {
    of(id).dead(id, error, at);
  }

  @Override
  public List<OutboxEntry> list(Optional<OutboxStatus> status, Optional<String> sink, int limit) {
    List<OutboxEntry> out = new ArrayList<>(memory.list(status, sink, limit));
    store.get().ifPresent(s -> out.addAll(s.list(status, sink, limit)));
    out.sort(Comparator.comparing(OutboxEntry::createdAt).reversed());
    return out.size() > limit ? out.subList(0, limit) : out;
  }

  @Override
  public Map<String, Map<OutboxStatus, Long>> counts() {
    Map<String, Map<OutboxStatus, Long>> counts = new LinkedHashMap<>();
    List<Map<String, Map<OutboxStatus, Long>>> parts = new ArrayList<>();
    parts.add(memory.counts());
    store.get().ifPresent(s -> parts.add(s.counts()));
    for (Map<String, Map<OutboxStatus, Long>> part : parts) {
      part.forEach(
          (sink, byStatus) ->
              byStatus.forEach(
                  (st, n) ->
                      counts
                          .computeIfAbsent(sink, x -> new LinkedHashMap<>())
                          .merge(st, n, Long::sum)));
    }
    return counts;
  }

  @Override
  public int purge(Instant before) {
    int purged = memory.purge(before);
    Optional<Outbox> durable = store.get();
    return purged + (durable.isPresent() ? durable.get().purge(before) : 0);
  }
}
