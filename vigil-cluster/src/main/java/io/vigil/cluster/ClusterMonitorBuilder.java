package io.vigil.cluster;

import io.vigil.cluster.internal.Engine;
import io.vigil.cluster.internal.HookSender;
import io.vigil.cluster.internal.HttpProber;
import io.vigil.core.Ticker;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Builds a {@link ClusterMonitor}. Every setting has a default ({@link
 * ClusterSettings#defaults()}); {@link #build()} validates them all. One HTTP client serves every
 * probe and the routing hook.
 */
public final class ClusterMonitorBuilder {

  private final List<NodeSpec> nodes = new ArrayList<>();
  private DetectorSettings detector = DetectorSettings.probe();
  private int shards = ClusterSettings.DEFAULT_SHARDS;
  private int replicationFactor = ClusterSettings.DEFAULT_REPLICATION_FACTOR;
  private Duration rebalanceAfter = ClusterSettings.DEFAULT_REBALANCE_AFTER;
  private int maxMovesPerMinute = ClusterSettings.DEFAULT_MAX_MOVES_PER_MINUTE;
  private double unhealthyThreshold = ClusterSettings.DEFAULT_UNHEALTHY_THRESHOLD;
  private Duration brakeWindow = ClusterSettings.DEFAULT_BRAKE_WINDOW;
  private Duration failoverDelay = ClusterSettings.DEFAULT_FAILOVER_DELAY;
  private Duration joinTimeout = ClusterSettings.DEFAULT_JOIN_TIMEOUT;
  private Duration tickInterval = ClusterSettings.DEFAULT_TICK_INTERVAL;
  private Duration pauseThreshold = ClusterSettings.DEFAULT_PAUSE_THRESHOLD;
  private Ticker ticker = Ticker.system();
  private ThreadFactory threadFactory =
      Thread.ofPlatform().name("vigil-cluster").daemon(true).factory();
  private Optional<NodeProber> prober = Optional.empty();
  private Optional<URI> hook = Optional.empty();
  private Duration hookRetry = Duration.ofSeconds(1);
  private int listenerQueue = 4096;
  private long firstEpoch;

  ClusterMonitorBuilder() {}

  /** Adds a node that is a member from the start. */
  public ClusterMonitorBuilder node(NodeSpec node) {
    nodes.add(node);
    return this;
  }

  /** Every setting at once (see {@link ClusterSettings}). */
  public ClusterMonitorBuilder settings(ClusterSettings s) {
    detector = s.detector();
    shards = s.shards();
    replicationFactor = s.replicationFactor();
    rebalanceAfter = s.rebalanceAfter();
    maxMovesPerMinute = s.maxMovesPerMinute();
    unhealthyThreshold = s.unhealthyThreshold();
    brakeWindow = s.brakeWindow();
    failoverDelay = s.failoverDelay();
    joinTimeout = s.joinTimeout();
    tickInterval = s.tickInterval();
    pauseThreshold = s.pauseThreshold();
    return this;
  }

  /**
   * The failure detector: {@link DetectorSettings#probe()} or {@link DetectorSettings#heartbeat()}.
   */
  public ClusterMonitorBuilder detector(DetectorSettings value) {
    detector = value;
    return this;
  }

  /** The number of shards (64). */
  public ClusterMonitorBuilder shards(int value) {
    shards = value;
    return this;
  }

  /** The copies of each shard (2). */
  public ClusterMonitorBuilder replicationFactor(int value) {
    replicationFactor = value;
    return this;
  }

  /** How long a returning or new node stays up before shards move to it (60 s). */
  public ClusterMonitorBuilder rebalanceAfter(Duration value) {
    rebalanceAfter = value;
    return this;
  }

  /** Shard copies rebalancing may move per minute (60). */
  public ClusterMonitorBuilder maxMovesPerMinute(int value) {
    maxMovesPerMinute = value;
    return this;
  }

  /**
   * The brake: the share of nodes dying within {@code window} that freezes routing (0.55, 30 s).
   */
  public ClusterMonitorBuilder brake(double threshold, Duration window) {
    unhealthyThreshold = threshold;
    brakeWindow = window;
    return this;
  }

  /** How long a dead node keeps its shards (1 s). */
  public ClusterMonitorBuilder failoverDelay(Duration value) {
    failoverDelay = value;
    return this;
  }

  /** How long a joined node may go without a first answer or heartbeat (10 s). */
  public ClusterMonitorBuilder joinTimeout(Duration value) {
    joinTimeout = value;
    return this;
  }

  /** How often the monitor wakes, and how late a wake-up must be to count as a pause. */
  public ClusterMonitorBuilder timing(Duration tick, Duration pause) {
    tickInterval = tick;
    pauseThreshold = pause;
    return this;
  }

  /** The clocks (a fake one in tests). */
  public ClusterMonitorBuilder ticker(Ticker value) {
    ticker = value;
    return this;
  }

  /** Makes the monitor's thread (a platform daemon thread by default: its timing matters). */
  public ClusterMonitorBuilder threadFactory(ThreadFactory value) {
    threadFactory = value;
    return this;
  }

  /** Probes nodes otherwise than by HTTP GET of their health URL. */
  public ClusterMonitorBuilder prober(NodeProber value) {
    prober = Optional.of(value);
    return this;
  }

  /**
   * POSTs every new routing table to {@code url} (JSON, the epoch in the {@code
   * Vigil-Routing-Epoch} header), retried from {@code firstRetry} doubling up to 30 s.
   */
  public ClusterMonitorBuilder routingHook(URI url, Duration firstRetry) {
    Settings.positive("firstRetry", firstRetry);
    hook = Optional.of(url);
    hookRetry = firstRetry;
    return this;
  }

  /**
   * The epoch before the first table (0 by default): give the last epoch an earlier run published,
   * so that epochs never go back across restarts (receivers that ignore old epochs stay right).
   */
  public ClusterMonitorBuilder firstEpoch(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("firstEpoch: must be 0 or more, but was " + value);
    }
    firstEpoch = value;
    return this;
  }

  /** Capacity of each listener's queue (4096 by default). */
  public ClusterMonitorBuilder listenerQueue(int value) {
    listenerQueue = value;
    return this;
  }

  /** A monitor that runs its own thread once started. */
  public ClusterMonitor build() {
    return engine();
  }

  /** A monitor driven by {@link ManualClusterMonitor#tick()}: for tests and simulations. */
  public ManualClusterMonitor buildManual() {
    return engine();
  }

  private Engine engine() {
    ClusterSettings settings =
        new ClusterSettings(
            detector,
            shards,
            replicationFactor,
            rebalanceAfter,
            maxMovesPerMinute,
            unhealthyThreshold,
            brakeWindow,
            failoverDelay,
            joinTimeout,
            tickInterval,
            pauseThreshold);
    boolean needsHttp = prober.isEmpty() && !settings.heartbeats() || hook.isPresent();
    Optional<HttpClient> http = needsHttp ? Optional.of(httpClient(settings)) : Optional.empty();
    NodeProber probe =
        prober.orElseGet(
            () ->
                http.<NodeProber>map(c -> new HttpProber(c, ticker))
                    .orElse(
                        (node, timeout) -> {
                          throw new IllegalStateException("no prober");
                        }));
    Engine engine =
        new Engine(settings, nodes, ticker, threadFactory, probe, listenerQueue, firstEpoch);
    http.ifPresent(engine::own);
    hook.ifPresent(
        url -> {
          HookSender sender =
              new HookSender(
                  url,
                  http.orElseThrow(),
                  engine::routing,
                  hookRetry,
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(10));
          engine.hook(sender);
        });
    return engine;
  }

  /** The one client: HTTP/1.1, no redirects, connecting within the probe timeout. */
  private static HttpClient httpClient(ClusterSettings settings) {
    Duration connect =
        settings.detector() instanceof DetectorSettings.Probe p
            ? p.timeout()
            : Duration.ofSeconds(10);
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connect)
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();
  }
}
