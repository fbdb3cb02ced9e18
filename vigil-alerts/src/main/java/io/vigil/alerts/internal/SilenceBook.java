package io.vigil.alerts.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.alerts.Matcher;
import io.vigil.alerts.Silence;
import io.vigil.core.Secrets;
import io.vigil.store.outbox.SilenceRow;
import io.vigil.store.outbox.Silences;
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
 * The silences: kept in memory, written through to the store when it is open (and read from it the
 * first time it is), so they survive a restart.
 */
final class SilenceBook {

  private static final Logger LOG = LoggerFactory.getLogger("vigil.alerts");

  private final Supplier<Optional<Silences>> store;
  private final Map<String, Silence> silences = new LinkedHashMap<>();
  private boolean loaded;

  SilenceBook(Supplier<Optional<Silences>> store) {
    this.store = store;
  }

  /** Every silence, by start. */
  synchronized List<Silence> all() {
    load();
    List<Silence> out = new ArrayList<>(silences.values());
    out.sort(Comparator.comparing(Silence::startsAt).thenComparing(Silence::id));
    return out;
  }

  /** Adds or replaces a silence; written to the store when it is open. */
  synchronized void save(Silence s) {
    load();
    silences.put(s.id(), s);
    store.get().ifPresent(db -> db.save(row(s)));
  }

  synchronized Optional<Silence> get(String id) {
    load();
    return Optional.ofNullable(silences.get(id));
  }

  /** Forgets silences that ended before {@code before}. */
  synchronized void purge(Instant before) {
    silences.values().removeIf(s -> s.endsAt().isBefore(before));
    store.get().ifPresent(db -> db.purge(before));
  }

  private void load() {
    if (loaded) {
      return;
    }
    Optional<Silences> db = store.get();
    if (db.isEmpty()) {
      return;
    }
    try {
      for (SilenceRow r : db.get().all()) {
        silences.putIfAbsent(
            r.id(),
            new Silence(
                r.id(),
                matchers(r.matchers()),
                r.startsAt(),
                r.endsAt(),
                r.createdBy(),
                r.comment()));
      }
      for (Silence s : silences.values()) {
        db.get().save(row(s)); // made while the store was closed
      }
      loaded = true;
    } catch (RuntimeException e) {
      LOG.warn(
          "event=silences_unreadable error=\"{}\"",
          Secrets.maskText(String.valueOf(e.getMessage())));
    }
  }

  private static SilenceRow row(Silence s) {
    try {
      return new SilenceRow(
          s.id(),
          NotificationJson.MAPPER.writeValueAsString(s.matchers()),
          s.startsAt(),
          s.endsAt(),
          s.createdBy(),
          s.comment());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Matcher> matchers(String json) {
    try {
      return NotificationJson.MAPPER.readValue(json, new TypeReference<List<Matcher>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored matchers unreadable: " + e.getMessage(), e);
    }
  }
}
