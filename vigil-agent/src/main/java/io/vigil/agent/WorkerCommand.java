package io.vigil.agent;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.Durations;
import io.vigil.store.StoreConfig;
import io.vigil.store.tasks.Worker;
import io.vigil.store.tasks.WorkerSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code vigil worker --store URL}: only the task queue's consumer (seed 002's separate worker), so
 * an API node and any number of workers share one database. It executes {@code health_check} tasks;
 * {@code check} tasks need the agent that has the checks. Until the store can be opened it tries
 * again every few seconds.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run only a task worker on the store's maintenance_tasks queue (health_check tasks).",
      "The password comes from $VIGIL_STORE_PASSWORD, never the command line.",
      "Exit codes: 0 stopped cleanly; 2 invalid options."
    })
final class WorkerCommand implements Callable<Integer> {

  /** The shortest {@code --dead-after}: heartbeats every 250 ms. */
  static final Duration MIN_DEAD_AFTER = Duration.ofSeconds(1);

  /** How long between attempts to open a store that cannot be opened. */
  static final Duration RETRY = Duration.ofSeconds(5);

  @Spec CommandSpec spec;

  @Option(
      names = "--store",
      paramLabel = "URL",
      description =
          "JDBC URL: jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB ($VIGIL_STORE_URL).")
  String url;

  @Option(names = "--user", paramLabel = "USER", description = "Database user ($VIGIL_STORE_USER).")
  String user;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "Tasks run at once (default ${DEFAULT-VALUE}).")
  int concurrency = WorkerSettings.DEFAULT_CONCURRENCY;

  @Option(
      names = "--dead-after",
      paramLabel = "DURATION",
      description = {
        "A running task whose worker sent no heartbeat for this long is taken over (default 20s;",
        "heartbeats every quarter of it). Give every worker of a queue the same value."
      })
  String deadAfter = "20s";

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> jdbc =
        Optional.ofNullable(url).or(() -> Optional.ofNullable(System.getenv("VIGIL_STORE_URL")));
    if (jdbc.isEmpty()) {
      err.println("vigil: --store URL (or VIGIL_STORE_URL) is required");
      err.flush();
      return 2;
    }
    StoreConfig config;
    WorkerSettings settings;
    try {
      settings = settings();
      StoreConfig.Builder b = StoreConfig.builder(jdbc.get());
      Optional.ofNullable(user)
          .or(() -> Optional.ofNullable(System.getenv("VIGIL_STORE_USER")))
          .ifPresent(b::user);
      Optional.ofNullable(System.getenv("VIGIL_STORE_PASSWORD")).ifPresent(b::password);
      config = storeConfig(b);
    } catch (IllegalArgumentException e) {
      err.println("vigil: " + e.getMessage());
      err.flush();
      return 2;
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AgentStore store =
        new AgentStore(
            config,
            Optional.empty(),
            s -> TaskHandlers.of(s, Optional.empty(), registry),
            Optional.of(settings));
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    try (store) {
      while (!store.tryOpen()) {
        if (stop.await(RETRY.toMillis(), TimeUnit.MILLISECONDS)) {
          return 0;
        }
      }
      out.println(
          "Vigil worker "
              + store.worker().map(Worker::id).orElse("?")
              + " is consuming maintenance_tasks on "
              + config.maskedUrl());
      out.flush();
      stop.await();
    }
    return 0;
  }

  /** The worker's settings from the options; a bad value names its option. */
  private WorkerSettings settings() {
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          "--concurrency: must be at least 1, but was " + concurrency);
    }
    Duration dead;
    try {
      dead = Durations.parse(deadAfter);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--dead-after: " + e.getMessage(), e);
    }
    if (dead.compareTo(MIN_DEAD_AFTER) < 0) {
      throw new IllegalArgumentException(
          "--dead-after: must be at least "
              + Durations.format(MIN_DEAD_AFTER)
              + ", but was "
              + deadAfter);
    }
    return AgentStore.WORKER
        .withConcurrency(concurrency)
        .withIntervals(WorkerSettings.DEFAULT_POLL_INTERVAL, dead.dividedBy(4), dead);
  }

  private static StoreConfig storeConfig(StoreConfig.Builder b) {
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--store: " + e.getMessage(), e);
    }
  }
}
