package io.vigil.bench;

import io.vigil.store.CheckHistory;
import io.vigil.store.Store;
import io.vigil.store.Trend;
import io.vigil.store.Uptime;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What {@code GET /health/checks/{name}?since=30d} asks the store (history, uptime and trend of one
 * check; the agent adds the recovery events and JSON), with a month of history for {@value #CHECKS}
 * checks as compaction leaves it: per-minute rollups for the last 48 h, hourly ones before, a
 * transition every 4 hours (3.6 million rows). A random check each call; {@link #since30dFirstCall}
 * a check not asked before. PostgreSQL: {@code -Dvigil.bench.pg=jdbc:postgresql://HOST:PORT/DB} (a
 * schema of its own, dropped after).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class HistoryQueryBenchmark {

  static final int CHECKS = 1000;

  @Param({"sqlite", "postgresql"})
  public String engine;

  private BenchDatabase db;
  private Store store;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    db = BenchDatabase.create(engine);
    Store.open(db.builder().build()).close(); // the schema
    long t0 = System.nanoTime();
    long rows;
    try (Connection c = db.connect()) {
      rows = Rollups.month(c, CHECKS, Instant.now(), 30, 48);
      if (engine.equals("postgresql")) {
        c.createStatement().execute("ANALYZE");
      }
    }
    System.out.printf(
        "%n%s: %d rows for %d checks in %d s%n",
        engine, rows, CHECKS, Duration.ofNanos(System.nanoTime() - t0).toSeconds());
    store = Store.open(db.builder().build());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
    db.close();
  }

  private static String randomCheck() {
    return "check-" + ThreadLocalRandom.current().nextInt(CHECKS);
  }

  /** {@code ?since=30d}: transitions and rollups of 30 days, uptime over them, the trend. */
  @Benchmark
  public void since30d(Blackhole bh) {
    String check = randomCheck();
    Instant now = Instant.now();
    Duration window = Duration.ofDays(30);
    CheckHistory h = store.history(check, now.minus(window), now);
    Uptime u = store.uptime(check, window);
    Trend t = store.trend(check);
    bh.consume(h);
    bh.consume(u);
    bh.consume(t);
  }

  /**
   * A store opened for each iteration and a new check at each call: every call reads its check's
   * 7-day trend baseline (the store keeps one per check for 5 minutes), as the first {@code
   * ?since=} of a check does.
   */
  @State(Scope.Benchmark)
  public static class FirstCalls {
    Store store;
    int next;

    @Setup(Level.Iteration)
    public void open(HistoryQueryBenchmark bench) {
      store = Store.open(bench.db.builder().build());
      next = 0;
    }

    @TearDown(Level.Iteration)
    public void close() {
      store.close();
    }
  }

  /** {@code ?since=30d} of a check not asked since the store opened. */
  @Benchmark
  public void since30dFirstCall(FirstCalls first, Blackhole bh) {
    String check = "check-" + (first.next++ % CHECKS);
    Instant now = Instant.now();
    Duration window = Duration.ofDays(30);
    bh.consume(first.store.history(check, now.minus(window), now));
    bh.consume(first.store.uptime(check, window));
    bh.consume(first.store.trend(check));
  }

  /** {@code ?since=1h}: the same for the last hour. */
  @Benchmark
  public void since1h(Blackhole bh) {
    String check = randomCheck();
    Instant now = Instant.now();
    Duration window = Duration.ofHours(1);
    bh.consume(store.history(check, now.minus(window), now));
    bh.consume(store.uptime(check, window));
    bh.consume(store.trend(check));
  }
}
