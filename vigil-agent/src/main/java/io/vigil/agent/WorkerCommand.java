package io.vigil.agent;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.store.StoreConfig;
import io.vigil.store.tasks.Worker;
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
    try {
      StoreConfig.Builder b = StoreConfig.builder(jdbc.get());
      Optional.ofNullable(user)
          .or(() -> Optional.ofNullable(System.getenv("VIGIL_STORE_USER")))
          .ifPresent(b::user);
      Optional.ofNullable(System.getenv("VIGIL_STORE_PASSWORD")).ifPresent(b::password);
      config = b.build();
    } catch (IllegalArgumentException e) {
      err.println("vigil: --store: " + e.getMessage());
      err.flush();
      return 2;
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AgentStore store =
        new AgentStore(
            config, Optional.empty(), s -> TaskHandlers.of(s, Optional.empty(), registry), true);
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
}
