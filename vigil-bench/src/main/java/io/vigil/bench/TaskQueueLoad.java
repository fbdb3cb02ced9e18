package io.vigil.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.store.Store;
import io.vigil.store.tasks.TaskHandler;
import io.vigil.store.tasks.TaskPolicy;
import io.vigil.store.tasks.TaskStatus;
import io.vigil.store.tasks.Worker;
import io.vigil.store.tasks.WorkerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Task queue throughput: {@code tasks} enqueues from one thread (with and without an idempotency
 * key), then the same tasks claimed, run (an empty handler) and completed by {@code workers}
 * workers of {@code concurrency} each, every worker on a store of its own (its own connections, as
 * separate {@code vigil worker} processes have), until all have succeeded.
 *
 * <p>Run: {@code java -cp vigil-bench/target/benchmarks.jar io.vigil.bench.TaskQueueLoad
 * [tasks=10000] [workers=3] [concurrency=8] [engine=sqlite]}
 */
public final class TaskQueueLoad {

  private TaskQueueLoad() {}

  public static void main(String[] args) throws Exception {
    int tasks = arg(args, "tasks", 10_000);
    int workers = arg(args, "workers", 3);
    int concurrency = arg(args, "concurrency", 8);
    String engine =
        Arrays.stream(args)
            .filter(a -> a.startsWith("engine="))
            .map(a -> a.substring(7))
            .findFirst()
            .orElse("sqlite");
    System.out.printf(
        "%s: %d tasks, %d workers x %d; %s, %d cores%n",
        engine,
        tasks,
        workers,
        concurrency,
        Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    try (BenchDatabase db = BenchDatabase.create(engine);
        Store store = Store.open(db.builder().build())) {
      ObjectNode payload = JsonNodeFactory.instance.objectNode().put("path", "/");
      long t0 = System.nanoTime();
      for (int i = 0; i < tasks; i++) {
        store.tasks().enqueue("bench", payload);
      }
      report("enqueue", tasks, t0);
      t0 = System.nanoTime();
      for (int i = 0; i < tasks; i++) {
        store.tasks("keyed").enqueue("bench", payload, "key-" + i);
      }
      report("enqueue with an idempotency key", tasks, t0);

      LongAdder ran = new LongAdder();
      TaskHandler handler =
          TaskHandler.of(
              "bench",
              TaskPolicy.defaults(),
              ctx -> {
                ran.increment();
                return JsonNodeFactory.instance.objectNode();
              });
      List<Store> stores = new ArrayList<>();
      List<Worker> running = new ArrayList<>();
      t0 = System.nanoTime();
      for (int i = 0; i < workers; i++) {
        Store own = Store.open(db.builder().build());
        stores.add(own);
        running.add(
            own.tasks()
                .startWorker(
                    List.of(handler),
                    WorkerSettings.defaults()
                        .withConcurrency(concurrency)
                        .withIntervals(
                            Duration.ofMillis(100),
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(20))));
      }
      while (ran.sum() < tasks) {
        Thread.sleep(10);
      }
      while (store.tasks().list(TaskStatus.SUCCEEDED, tasks + 1).size() < tasks) {
        Thread.sleep(10); // the last completions
      }
      report("claim, run and complete", tasks, t0);
      running.forEach(Worker::close);
      stores.forEach(Store::close);
      System.out.printf("handler runs: %d (repeats: %d)%n", ran.sum(), ran.sum() - tasks);
    }
  }

  private static void report(String what, int n, long t0) {
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "  %-32s %6d in %6.2f s: %8.0f /s%n", what, n, s, n / s);
  }

  private static int arg(String[] args, String name, int fallback) {
    return Arrays.stream(args)
        .filter(a -> a.startsWith(name + "="))
        .map(a -> Integer.parseInt(a.substring(name.length() + 1)))
        .findFirst()
        .orElse(fallback);
  }
}
