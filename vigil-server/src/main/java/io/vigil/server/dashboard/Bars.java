package io.vigil.server.dashboard;

import io.vigil.core.History;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows' uptime bars and latency sparklines, from the memory ring: {@link #SLOTS} one-minute
 * slots ending with the current minute, each the worst status of its runs (one letter per slot, see
 * {@link Rows#letter}), and the latencies of the last {@link #SPARK} runs. The page then extends
 * both from the live feed.
 */
final class Bars {

  static final int SLOTS = 90;
  static final long SLOT_MS = 60_000;
  static final int SPARK = 30;

  private Bars() {}

  static Map<String, Object> of(Monitor monitor, Instant now) {
    long start = (now.toEpochMilli() / SLOT_MS - (SLOTS - 1)) * SLOT_MS;
    Instant from = Instant.ofEpochMilli(start);
    Map<String, Object> checks = new LinkedHashMap<>();
    for (String name : monitor.snapshot().checks().keySet()) {
      monitor.history(name, from, Instant.MAX).ifPresent(h -> checks.put(name, bar(h, start)));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("now", now.toEpochMilli());
    json.put("start", start);
    json.put("slot_ms", SLOT_MS);
    json.put("slots", SLOTS);
    json.put("checks", checks);
    return json;
  }

  private static Map<String, Object> bar(History h, long start) {
    char[] slots = new char[SLOTS];
    java.util.Arrays.fill(slots, '.');
    List<Result> results = h.results();
    for (Result r : results) {
      int i = (int) ((r.timestamp().toEpochMilli() - start) / SLOT_MS);
      if (i >= 0 && i < SLOTS) {
        slots[i] = Rows.worse(slots[i], Rows.letter(r.status()));
      }
    }
    long[] spark = new long[Math.min(SPARK, results.size())];
    for (int i = 0; i < spark.length; i++) {
      spark[i] = results.get(results.size() - spark.length + i).latency().toMillis();
    }
    return Map.of("bar", new String(slots), "spark", spark);
  }
}
