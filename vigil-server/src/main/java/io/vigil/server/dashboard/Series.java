package io.vigil.server.dashboard;

import io.vigil.core.History;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import io.vigil.server.Extensions.HistoryProvider;
import io.vigil.server.internal.HealthJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A check's history over a window, in fixed slots for the check page's charts: per slot the worst
 * status, the runs and the latency (mean and maximum). A slot is filled from the memory ring when
 * the ring reaches back to it, else from the store's rollups, when there is a store.
 */
final class Series {

  /** The windows the page offers, with their slot counts. */
  enum Window {
    HOUR("1h", Duration.ofHours(1), 60),
    DAY("24h", Duration.ofHours(24), 96),
    WEEK("7d", Duration.ofDays(7), 84),
    MONTH("30d", Duration.ofDays(30), 90);

    final String label;
    final Duration length;
    final int slots;

    Window(String label, Duration length, int slots) {
      this.label = label;
      this.length = length;
      this.slots = slots;
    }

    long stepMillis() {
      return length.toMillis() / slots;
    }

    static Optional<Window> parse(String text) {
      return Arrays.stream(values()).filter(w -> w.label.equals(text)).findFirst();
    }
  }

  /** Accumulates one slot. */
  private static final class Slot {
    char worst = '.';
    long runs;
    double latencySum;
    long latencyRuns;
    long max = -1;

    void add(char letter, long count, double avgMs, long maxMs) {
      if (count <= 0) {
        return;
      }
      worst = Rows.worse(worst, letter);
      runs += count;
      if (avgMs >= 0) {
        latencySum += avgMs * count;
        latencyRuns += count;
      }
      max = Math.max(max, maxMs);
    }
  }

  private Series() {}

  static Map<String, Object> of(
      Monitor monitor, Optional<HistoryProvider> store, String check, Window window, Instant now) {
    long step = window.stepMillis();
    long start = (now.toEpochMilli() / step - (window.slots - 1)) * step;
    Slot[] slots = new Slot[window.slots];
    Arrays.setAll(slots, i -> new Slot());
    History memory = monitor.history(check, Instant.ofEpochMilli(start), Instant.MAX).orElseThrow();
    long memoryFrom = memoryFrom(monitor, check);
    Map<String, Object> stored =
        store.map(s -> s.history(check, Instant.ofEpochMilli(start), now)).orElse(Map.of());
    boolean usedStore = addRollups(slots, stored, start, step, memoryFrom);
    for (Result r : memory.results()) {
      int i = (int) ((r.timestamp().toEpochMilli() - start) / step);
      if (i >= 0 && i < slots.length && !(usedStore && start + i * step < memoryFrom)) {
        long ms = r.latency().toMillis();
        slots[i].add(Rows.letter(r.status()), 1, ms, ms);
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("check", check);
    json.put("window", window.label);
    json.put("start", start);
    json.put("step_ms", step);
    json.put("source", usedStore ? "store+memory" : "memory");
    columns(json, slots);
    json.put("uptime", uptimes(monitor, store, check, window, stored, now));
    Object transitions = stored.get("transitions");
    json.put("transitions", transitions != null ? last(transitions) : transitions(memory));
    if (stored.get("trend") != null) {
      json.put("trend", stored.get("trend"));
    }
    return json;
  }

  /** When the memory ring starts: the check's oldest kept result, or now when it has none. */
  private static long memoryFrom(Monitor monitor, String check) {
    List<Result> all = monitor.history(check).map(History::results).orElse(List.of());
    return all.isEmpty() ? Long.MAX_VALUE : all.getFirst().timestamp().toEpochMilli();
  }

  /** Adds the store's rollups to the slots the memory ring does not reach. */
  private static boolean addRollups(
      Slot[] slots, Map<String, Object> stored, long start, long step, long memoryFrom) {
    if (!(stored.get("rollups") instanceof List<?> rollups) || rollups.isEmpty()) {
      return false;
    }
    for (Object o : rollups) {
      if (!(o instanceof Map<?, ?> r)) {
        continue;
      }
      long at = Instant.parse(String.valueOf(r.get("start"))).toEpochMilli();
      int i = (int) Math.floorDiv(at - start, step);
      if (i < 0 || i >= slots.length || start + i * step >= memoryFrom) {
        continue;
      }
      Map<?, ?> counts = (Map<?, ?>) r.get("counts");
      Map<?, ?> latency = (Map<?, ?>) r.get("latency_ms");
      double avg = number(latency.get("avg"));
      long max = (long) number(latency.get("max"));
      slots[i].add('o', (long) number(counts.get("ok")), avg, max);
      slots[i].add('w', (long) number(counts.get("warning")), avg, max);
      slots[i].add('u', (long) number(counts.get("unknown")), avg, max);
      slots[i].add('c', (long) number(counts.get("critical")), avg, max);
    }
    return true;
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : -1;
  }

  private static void columns(Map<String, Object> json, Slot[] slots) {
    StringBuilder worst = new StringBuilder(slots.length);
    List<Long> runs = new ArrayList<>(slots.length);
    List<Object> avg = new ArrayList<>(slots.length);
    List<Object> max = new ArrayList<>(slots.length);
    for (Slot s : slots) {
      worst.append(s.worst);
      runs.add(s.runs);
      avg.add(s.latencyRuns == 0 ? null : Math.round(s.latencySum / s.latencyRuns * 10) / 10.0);
      max.add(s.max < 0 ? null : s.max);
    }
    json.put("worst", worst.toString());
    json.put("runs", runs);
    json.put("avg_ms", avg);
    json.put("max_ms", max);
  }

  /** Uptime in percent per window: the store's when it has one, else the memory ring's. */
  private static Map<String, Object> uptimes(
      Monitor monitor,
      Optional<HistoryProvider> store,
      String check,
      Window shown,
      Map<String, Object> stored,
      Instant now) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (Window w : Window.values()) {
      Instant from = now.minus(w.length);
      Object percent =
          (w == shown ? Optional.of(stored) : store.map(s -> s.history(check, from, now)))
              .map(m -> m.get("uptime_percent"))
              .orElse(null);
      if (percent == null) {
        percent =
            monitor.history(check, from, Instant.MAX).map(HealthJson::uptimePercent).orElse(null);
      }
      json.put(w.label, percent);
    }
    return json;
  }

  private static Object last(Object transitions) {
    if (transitions instanceof List<?> list && list.size() > 50) {
      return list.subList(list.size() - 50, list.size());
    }
    return transitions;
  }

  /** Changes of status in the memory ring, the last 50. */
  private static List<Object> transitions(History memory) {
    List<Object> out = new ArrayList<>();
    Result before = null;
    for (Result r : memory.results()) {
      if (before != null && before.status() != r.status()) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("at", r.timestamp().toString());
        t.put("from", before.status().name().toLowerCase(Locale.ROOT));
        t.put("to", r.status().name().toLowerCase(Locale.ROOT));
        t.put("message", Secrets.maskText(r.message()));
        out.add(t);
      }
      before = r;
    }
    return out.size() > 50 ? out.subList(out.size() - 50, out.size()) : out;
  }
}
