package io.vigil.server.dashboard;

import io.javalin.http.Context;
import io.vigil.core.CheckSnapshot;
import io.vigil.core.HealthSnapshot;
import io.vigil.core.Monitor;
import io.vigil.core.Ticker;
import io.vigil.core.UnknownCheckException;
import io.vigil.server.ApiModule;
import io.vigil.server.ApiRoutes;
import io.vigil.server.Extensions.HistoryProvider;
import io.vigil.server.internal.HealthJson;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard and the run-now API, added to a server with {@code
 * Extensions.withApi(DashboardModule.builder(monitor).build())}:
 *
 * <ul>
 *   <li>{@code GET /} the page and {@code GET /dashboard/{file}} its files, open to anyone (they
 *       hold no data; with a token set the page asks for it and shows nothing until given);
 *   <li>{@code GET /api/dashboard/events}: Server-Sent Events, a {@code snapshot} (every check's
 *       row) on connect, then {@code update}s with the rows that changed, and a comment every 15 s;
 *   <li>{@code GET /api/dashboard/bars}: every check's 90-minute uptime bar and latency sparkline;
 *   <li>{@code GET /api/dashboard/checks/{name}/series?window=1h|24h|7d|30d}: a check's chart;
 *   <li>{@code GET /api/dashboard/healing} and {@code /api/dashboard/tasks}: recovery activity and
 *       the task queue, when the application gives them (404 otherwise, and the page hides them);
 *   <li>{@code POST /api/checks/{name}/run}: runs a check now and answers its new state after the
 *       run (504 if it has not ended within its timeout and 5 s more).
 * </ul>
 *
 * Everything but the page and its files needs the server's token when one is set. Close the module
 * to stop its feed thread.
 */
public final class DashboardModule implements ApiModule, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardModule.class);

  /** How much longer than its timeout {@code POST /api/checks/{name}/run} waits for a run. */
  static final Duration RUN_GRACE = Duration.ofSeconds(5);

  private final Monitor monitor;
  private final Optional<HistoryProvider> history;
  private final Supplier<Optional<Object>> healing;
  private final Supplier<Optional<Object>> tasks;
  private final Ticker ticker;
  private final LiveFeed feed;

  /** The page and its files, read from the jar (and hashed) at the first request, not at start. */
  private static final class Page {
    static final Assets ASSETS = new Assets();
  }

  private DashboardModule(Builder b) {
    this.monitor = b.monitor;
    this.history = b.history;
    this.healing = b.healing;
    this.tasks = b.tasks;
    this.ticker = b.ticker;
    this.feed = new LiveFeed(b.monitor, b.ticker, b.threads, b.coalesce, b.heartbeat, b.panels);
  }

  /** A dashboard of {@code monitor}'s checks. */
  public static Builder builder(Monitor monitor) {
    return new Builder(monitor);
  }

  @Override
  public void addTo(ApiRoutes routes) {
    routes.open("/", ctx -> Page.ASSETS.index(ctx));
    routes.open("/dashboard/{file}", ctx -> Page.ASSETS.file(ctx));
    routes.sse("/api/dashboard/events", feed::serve);
    routes.get(
        "/api/dashboard/bars",
        ctx -> ApiRoutes.json(ctx, 200, Bars.of(monitor, ticker.wallTime())));
    routes.get("/api/dashboard/checks/{name}/series", this::series);
    routes.get("/api/dashboard/healing", ctx -> optional(ctx, healing, "no self-healing"));
    routes.get("/api/dashboard/tasks", ctx -> optional(ctx, tasks, "no task queue"));
    routes.post("/api/checks/{name}/run", ctx -> run(ctx, routes.caller(ctx)));
  }

  /** Dashboard clients streaming now. */
  public int clients() {
    return feed.clients();
  }

  private void series(Context ctx) {
    String name = ctx.pathParam("name");
    String window = Optional.ofNullable(ctx.queryParam("window")).orElse("24h");
    Optional<Series.Window> w = Series.Window.parse(window);
    if (w.isEmpty()) {
      ApiRoutes.problem(ctx, 400, "window: must be 1h, 24h, 7d or 30d, but was '" + window + "'");
      return;
    }
    if (monitor.check(name).isEmpty()) {
      ApiRoutes.problem(ctx, 404, "no check named '" + name + "'");
      return;
    }
    ApiRoutes.json(ctx, 200, Series.of(monitor, history, name, w.get(), ticker.wallTime()));
  }

  private static void optional(Context ctx, Supplier<Optional<Object>> source, String none) {
    Optional<Object> value = source.get();
    if (value.isEmpty()) {
      ApiRoutes.problem(ctx, 404, "this server has " + none);
      return;
    }
    ApiRoutes.json(ctx, 200, value.get());
  }

  private void run(Context ctx, String by) throws InterruptedException {
    String name = ctx.pathParam("name");
    Optional<CheckSnapshot> check = monitor.check(name);
    if (check.isEmpty()) {
      ApiRoutes.problem(ctx, 404, "no check named '" + name + "'");
      return;
    }
    Duration wait = check.get().spec().timeout().plus(RUN_GRACE);
    LOG.info("event=check_run_requested check={} by={}", name, by);
    try {
      monitor.runNow(name).get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      ApiRoutes.problem(
          ctx, 504, "check '" + name + "' did not finish within " + wait.toSeconds() + "s");
      return;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownCheckException) {
        ApiRoutes.problem(ctx, 404, "no check named '" + name + "'");
        return;
      }
      throw new IllegalStateException(e.getCause());
    }
    HealthSnapshot s = monitor.snapshot();
    Optional<CheckSnapshot> after = s.check(name);
    if (after.isEmpty()) {
      ApiRoutes.problem(ctx, 404, "check '" + name + "' was removed while it ran");
      return;
    }
    ApiRoutes.json(ctx, 200, HealthJson.check(s, after.get(), ticker.wallTime()));
  }

  @Override
  public void close() {
    feed.close();
  }

  /** Builds a {@link DashboardModule}. */
  public static final class Builder {
    private final Monitor monitor;
    private Optional<HistoryProvider> history = Optional.empty();
    private Supplier<Optional<Object>> healing = Optional::empty;
    private Supplier<Optional<Object>> tasks = Optional::empty;
    private Ticker ticker = Ticker.system();
    private ThreadFactory threads = Thread.ofVirtual().name("vigil-dashboard-", 0).factory();
    private Duration coalesce = Duration.ofMillis(750);
    private Duration heartbeat = Duration.ofSeconds(15);
    private Supplier<Object> panels = () -> 0;

    private Builder(Monitor monitor) {
      this.monitor = monitor;
    }

    /** Durable history for the charts (the store's rollups); else the memory ring alone. */
    public Builder history(HistoryProvider value) {
      history = Optional.of(value);
      return this;
    }

    /**
     * The recovery views by check for the healing panel (serialized as JSON), empty while there is
     * no healing (the endpoint answers 404 and the page hides the panel).
     */
    public Builder healing(Supplier<Optional<Object>> value) {
      healing = value;
      return this;
    }

    /**
     * The task queue's summary for the task panel ({@code depth}, {@code worker}, {@code recent}
     * tasks, serialized as JSON), empty while there is no task queue.
     */
    public Builder tasks(Supplier<Optional<Object>> value) {
      tasks = value;
      return this;
    }

    /**
     * A value that changes when what the panels show changes (alerts, silences, cluster nodes):
     * read by the feed at most once per {@link #coalesce} while clients listen; a change tells the
     * pages to reload their panels ({@code panels} event), so they follow an alert that opens after
     * the check's own change.
     */
    public Builder panels(Supplier<Object> value) {
      panels = value;
      return this;
    }

    /** The clock of the charts' windows and the rows' ages (default: the system's). */
    public Builder ticker(Ticker value) {
      ticker = value;
      return this;
    }

    /** Threads of the feed: one broadcaster and one per client (default: virtual threads). */
    public Builder threads(ThreadFactory value) {
      threads = value;
      return this;
    }

    /** How long the feed gathers changes into one message (default 750 ms). */
    public Builder coalesce(Duration value) {
      coalesce = value;
      return this;
    }

    /** How often an idle stream gets a keep-alive comment (default 15 s). */
    public Builder heartbeat(Duration value) {
      heartbeat = value;
      return this;
    }

    /** The module. */
    public DashboardModule build() {
      return new DashboardModule(this);
    }
  }
}
