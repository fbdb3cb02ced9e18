package io.vigil.bench;

import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.Subscription;
import io.vigil.store.MaintenanceReport;
import io.vigil.store.Store;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the store costs an agent with {@code checks} checks at {@code interval} (default 1,000 at 10
 * s): one monitor runs them for the whole time; phases of {@code minutes} alternate without and
 * with the store attached (SQLite by default, {@code engine=postgresql}). Per phase: CPU of the
 * store's writer thread (ThreadMXBean) and of the whole process, as a share of one core. A run in
 * 500 is a WARNING, so there are transitions as well as the per-minute rollups. Then one
 * maintenance pass folds an hour of per-minute rows of every check into hourly ones, as the store
 * does every hour.
 *
 * <p>Run: {@code java -cp vigil-bench/target/benchmarks.jar io.vigil.bench.StoreWriteLoad
 * [checks=1000] [interval=10] [minutes=2] [rounds=2] [engine=sqlite]}
 */
public final class StoreWriteLoad {

  private StoreWriteLoad() {}

  public static void main(String[] args) throws Exception {
    int checks = arg(args, "checks", 1000);
    int intervalS = arg(args, "interval", 10);
    int minutes = arg(args, "minutes", 2);
    int rounds = arg(args, "rounds", 2);
    String engine =
        Arrays.stream(args)
            .filter(a -> a.startsWith("engine="))
            .map(a -> a.substring(7))
            .findFirst()
            .orElse("sqlite");
    LongAdder runs = new LongAdder();
    HealthCheck check =
        ctx -> {
          runs.increment();
          return ThreadLocalRandom.current().nextInt(500) == 0
              ? Result.warning("slow")
              : Result.ok();
        };
    Monitor monitor = Monitor.builder().build();
    for (int i = 0; i < checks; i++) {
      monitor.register(
          CheckSpec.builder("check-" + i).interval(Duration.ofSeconds(intervalS)).build(), check);
    }
    System.out.printf(
        Locale.ROOT,
        "%d checks every %d s (%.0f runs/s), %s, phases of %d min, %d rounds; %s, %d cores%n",
        checks,
        intervalS,
        (double) checks / intervalS,
        engine,
        minutes,
        rounds,
        Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    try (BenchDatabase db = BenchDatabase.create(engine);
        Store store = Store.open(db.builder().build())) {
      monitor.start();
      Subscription attached = store.attach(monitor);
      phase("warm-up (store)", Duration.ofMinutes(1), store, runs);
      attached.close();
      double[] writer = new double[rounds];
      double[] delta = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        Phase without = phase("without the store", Duration.ofMinutes(minutes), store, runs);
        attached = store.attach(monitor);
        Phase with = phase("with the store", Duration.ofMinutes(minutes), store, runs);
        attached.close();
        writer[r] = with.writerCore();
        delta[r] = with.processCore() - without.processCore();
      }
      System.out.printf(
          Locale.ROOT,
          "store writer thread: %s %% of a core; process with minus without the store: %s %% of a"
              + " core%n",
          percents(writer),
          percents(delta));
      monitor.stop();
      maintenance(db, store, checks);
    }
  }

  /** One phase's measurements. */
  private record Phase(double processCore, double writerCore) {}

  private static Phase phase(String name, Duration length, Store store, LongAdder runs)
      throws InterruptedException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long writer0 = writerCpu(threads);
    long written0 = store.stats().written();
    long runs0 = runs.sum();
    long t0 = System.nanoTime();
    Thread.sleep(length); // the load runs on the monitor's threads meanwhile
    double wall = System.nanoTime() - t0;
    Phase p =
        new Phase((os.getProcessCpuTime() - cpu0) / wall, (writerCpu(threads) - writer0) / wall);
    System.out.printf(
        Locale.ROOT,
        "  %-18s %6d runs, %6d rows written, process %5.2f %% of a core, writer %6.3f %%%n",
        name,
        runs.sum() - runs0,
        store.stats().written() - written0,
        100 * p.processCore(),
        100 * p.writerCore());
    return p;
  }

  private static long writerCpu(ThreadMXBean threads) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("vigil-store-writer"))
        .mapToLong(t -> threads.getThreadCpuTime(t.threadId()))
        .sum();
  }

  /** An hour of per-minute rows of every check, 49 hours old: one pass folds them into hours. */
  private static void maintenance(BenchDatabase db, Store store, int checks) throws Exception {
    try (Connection c = db.connect()) {
      Rollups.minutes(c, checks, Instant.now().minus(Duration.ofHours(49)), 60);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    MaintenanceReport report = store.maintain();
    System.out.printf(
        Locale.ROOT,
        "maintenance: folded %d per-minute rows into hours in %d ms (this thread's CPU %d ms): an"
            + " hour of %d checks costs %.4f %% of a core%n",
        report.minutesCompacted(),
        (System.nanoTime() - t0) / 1_000_000,
        (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000,
        checks,
        100.0 * (threads.getCurrentThreadCpuTime() - cpu0) / 3.6e12);
  }

  private static String percents(double[] shares) {
    StringBuilder s = new StringBuilder();
    for (double v : shares) {
      s.append(s.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", 100 * v));
    }
    return s.toString();
  }

  private static int arg(String[] args, String name, int fallback) {
    return Arrays.stream(args)
        .filter(a -> a.startsWith(name + "="))
        .map(a -> Integer.parseInt(a.substring(name.length() + 1)))
        .findFirst()
        .orElse(fallback);
  }
}
