package io.vigil.core;

import java.time.Duration;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.random.RandomGenerator;

/** Builds a {@link Monitor}; every setting has a documented default. */
public final class MonitorBuilder {

  /** Results kept per check. */
  public static final int DEFAULT_HISTORY_SIZE = 1000;

  /** Results a check's score is computed over. */
  public static final int DEFAULT_SCORE_WINDOW = 100;

  /** Longest time the system stays STARTING while checks have no result. */
  public static final Duration DEFAULT_STARTUP_GRACE = Duration.ofSeconds(60);

  /** Lowest score judged HEALTHY. */
  public static final double DEFAULT_HEALTHY_SCORE = 0.95;

  /** Lowest score judged DEGRADED. */
  public static final double DEFAULT_DEGRADED_SCORE = 0.75;

  /** Events a listener's queue holds before it drops. */
  public static final int DEFAULT_LISTENER_QUEUE = 1024;

  /** Time a run has to end after being interrupted before it counts as abandoned. */
  public static final Duration DEFAULT_ABANDON_AFTER = Duration.ofSeconds(1);

  private Ticker ticker = Ticker.system();
  private Executor executor;
  private RandomGenerator random = RandomGenerator.getDefault();
  private int historySize = DEFAULT_HISTORY_SIZE;
  private int scoreWindow = DEFAULT_SCORE_WINDOW;
  private Duration startupGrace = DEFAULT_STARTUP_GRACE;
  private double healthyScore = DEFAULT_HEALTHY_SCORE;
  private double degradedScore = DEFAULT_DEGRADED_SCORE;
  private int listenerQueue = DEFAULT_LISTENER_QUEUE;
  private Duration abandonAfter = DEFAULT_ABANDON_AFTER;

  MonitorBuilder() {}

  /** The clocks (default: the system's). */
  public MonitorBuilder ticker(Ticker value) {
    ticker = Objects.requireNonNull(value, "ticker");
    return this;
  }

  /** Where check runs execute (default: a new virtual thread per run). */
  public MonitorBuilder executor(Executor value) {
    executor = Objects.requireNonNull(value, "executor");
    return this;
  }

  /** Threads for check runs, one per run (default: virtual threads named {@code vigil-check-N}). */
  public MonitorBuilder threadFactory(ThreadFactory factory) {
    Objects.requireNonNull(factory, "threadFactory");
    return executor(task -> factory.newThread(task).start());
  }

  /** Source of jitter (default: {@link RandomGenerator#getDefault()}). */
  public MonitorBuilder random(RandomGenerator value) {
    random = Objects.requireNonNull(value, "random");
    return this;
  }

  /** Results kept per check (default {@value #DEFAULT_HISTORY_SIZE}). */
  public MonitorBuilder historySize(int value) {
    historySize = value;
    return this;
  }

  /** Results a check's score is computed over (default {@value #DEFAULT_SCORE_WINDOW}). */
  public MonitorBuilder scoreWindow(int value) {
    scoreWindow = value;
    return this;
  }

  /** Longest time the system stays STARTING (default 60 s). */
  public MonitorBuilder startupGrace(Duration value) {
    startupGrace = Objects.requireNonNull(value, "startupGrace");
    return this;
  }

  /** Lowest scores judged HEALTHY and DEGRADED (defaults 0.95 and 0.75). */
  public MonitorBuilder scoreThresholds(double healthy, double degraded) {
    healthyScore = healthy;
    degradedScore = degraded;
    return this;
  }

  /** Events a listener's queue holds before it drops (default {@value #DEFAULT_LISTENER_QUEUE}). */
  public MonitorBuilder listenerQueue(int value) {
    listenerQueue = value;
    return this;
  }

  /** Time an interrupted run has to end before it counts as abandoned (default 1 s). */
  public MonitorBuilder abandonAfter(Duration value) {
    abandonAfter = Objects.requireNonNull(value, "abandonAfter");
    return this;
  }

  /**
   * Builds the monitor (not yet started); {@link Monitor#start()} starts its timer thread.
   *
   * @throws IllegalArgumentException naming each invalid setting
   */
  public Monitor build() {
    return create(true);
  }

  /**
   * Builds a monitor driven by its caller (not yet started): {@link Monitor#start()} starts no
   * thread, {@link ManualMonitor#tick()} fires what is due; for tests and benchmarks.
   *
   * @throws IllegalArgumentException naming each invalid setting
   */
  public ManualMonitor buildManual() {
    return create(false);
  }

  private ManualMonitor create(boolean timerThread) {
    MonitorSettings settings =
        new MonitorSettings(
            historySize,
            scoreWindow,
            startupGrace,
            healthyScore,
            degradedScore,
            listenerQueue,
            abandonAfter);
    Executor runs = executor;
    if (runs == null) {
      ThreadFactory virtual = Thread.ofVirtual().name("vigil-check-", 0).factory();
      runs = task -> virtual.newThread(task).start();
    }
    return Engine.PROVIDER.create(settings, ticker, runs, random, timerThread);
  }

  /** Looks the engine up once, when the first monitor is built. */
  private static final class Engine {
    static final EngineProvider PROVIDER =
        ServiceLoader.load(EngineProvider.class, MonitorBuilder.class.getClassLoader())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no "
                            + EngineProvider.class.getName()
                            + " found: vigil-core's META-INF/services entry is missing"));
  }
}
