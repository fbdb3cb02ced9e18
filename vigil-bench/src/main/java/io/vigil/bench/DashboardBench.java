package io.vigil.bench;

import io.vigil.core.CheckSpec;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.server.Extensions;
import io.vigil.server.ServerOptions;
import io.vigil.server.VigilServer;
import io.vigil.server.dashboard.DashboardModule;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard with many checks (default 1,000) that each change status at every run, every 10 s:
 *
 * <ol>
 *   <li>the live feed's cost: CPU time of the feed's threads (the broadcaster that diffs and
 *       encodes, and one sender per client) while {@code clients} streams are open, as a share of
 *       one core;
 *   <li>the page load in Debian's headless Chromium, warm: from navigation start until every row
 *       and every uptime bar is drawn (the page marks both), median and 95th percentile.
 * </ol>
 *
 * <p>Run: {@code java -cp vigil-bench/target/benchmarks.jar io.vigil.bench.DashboardBench} with
 * {@code -Dchecks=1000 -Dclients=5 -Dseconds=60 -Dloads=30}.
 */
public final class DashboardBench {

  private DashboardBench() {}

  public static void main(String[] args) throws Exception {
    int checks = Integer.getInteger("checks", 1000);
    int clients = Integer.getInteger("clients", 5);
    int seconds = Integer.getInteger("seconds", 60);
    int loads = Integer.getInteger("loads", 30);
    Monitor monitor = Monitor.builder().build();
    for (int i = 0; i < checks; i++) {
      AtomicLong runs = new AtomicLong();
      monitor.register(
          CheckSpec.builder(String.format("check-%04d", i))
              .component("component-" + (i % 20))
              .interval(Duration.ofSeconds(10))
              .jitter(Duration.ofSeconds(5))
              .build(),
          ctx -> runs.incrementAndGet() % 2 == 0 ? Result.ok("fine") : Result.warning("busy"));
    }
    List<Thread> feedThreads = new CopyOnWriteArrayList<>();
    ThreadFactory recorded =
        r -> {
          Thread t = Thread.ofPlatform().daemon().name("dashboard-feed").unstarted(r);
          feedThreads.add(t);
          return t;
        };
    DashboardModule dashboard = DashboardModule.builder(monitor).threads(recorded).build();
    monitor.start();
    VigilServer server =
        VigilServer.start(
            monitor, ServerOptions.defaults().withPort(0), Extensions.none().withApi(dashboard));
    String base = "http://127.0.0.1:" + server.port();
    System.out.printf("checks=%d clients=%d seconds=%d %s%n", checks, clients, seconds, base);
    feedCost(base, clients, seconds, feedThreads);
    if (loads > 0) {
      pageLoad(base, loads);
    }
    server.close();
    dashboard.close();
    monitor.stop();
    System.exit(0);
  }

  private static void feedCost(String base, int clients, int seconds, List<Thread> threads)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    AtomicLong bytes = new AtomicLong();
    for (int i = 0; i < clients; i++) {
      HttpResponse<InputStream> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/dashboard/events"))
                  .header("Accept", "text/event-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      Thread.ofVirtual()
          .start(
              () -> {
                byte[] buffer = new byte[65536];
                try (InputStream in = r.body()) {
                  for (int n; (n = in.read(buffer)) >= 0; ) {
                    bytes.addAndGet(n);
                  }
                } catch (java.io.IOException e) {
                  // closed at the end
                }
              });
    }
    Thread.sleep(15_000); // warm-up: every check has run at least once
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long cpu0 = cpu(mx, threads);
    long bytes0 = bytes.get();
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long wall = System.nanoTime() - t0;
    long cpu = cpu(mx, threads) - cpu0;
    System.out.printf(
        "feed: threads=%d cpu=%.1f ms over %.1f s = %.3f %% of one core; %.1f KiB/s per client%n",
        threads.size(),
        cpu / 1e6,
        wall / 1e9,
        100.0 * cpu / wall,
        (bytes.get() - bytes0) / 1024.0 / (wall / 1e9) / clients);
  }

  private static long cpu(ThreadMXBean mx, List<Thread> threads) {
    long sum = 0;
    for (Thread t : threads) {
      long c = mx.getThreadCpuTime(t.threadId());
      sum += Math.max(0, c);
    }
    return sum;
  }

  private static void pageLoad(String base, int loads) throws Exception {
    Path profile = Files.createTempDirectory("vigil-bench-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile);
    ChromeDriver driver =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build(),
            options);
    try {
      List<Double> times = new ArrayList<>();
      List<Double> all = new ArrayList<>();
      for (int i = 0; i < loads + 3; i++) {
        driver.get(base + "/?load=" + i);
        new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(10))
            .until(
                d ->
                    Boolean.TRUE.equals(
                        driver.executeScript(
                            "return !!document.body.dataset.renderedAt && !!document.body.dataset.barsAt"
                                + " && !!document.body.dataset.allRowsAt")));
        double loaded =
            ((Number)
                    driver.executeScript(
                        "return Math.max(+document.body.dataset.renderedAt, +document.body.dataset.barsAt)"))
                .doubleValue();
        double allRows =
            ((Number) driver.executeScript("return +document.body.dataset.allRowsAt"))
                .doubleValue();
        if (i >= 3) {
          times.add(loaded);
          all.add(allRows);
        }
        System.out.printf(
            "load %d: %.0f ms %s%n",
            i,
            loaded,
            driver.executeScript(
                "const n = performance.getEntriesByType('navigation')[0], d = document.body.dataset;"
                    + " return 'html ' + Math.round(n.responseEnd) + ', scripts ' +"
                    + " Math.round(n.domContentLoadedEventEnd) + ', snapshot ' + Math.round(d.snapshotAt)"
                    + " + ', js ' + Math.round(d.renderMs) + ', rows ' + Math.round(d.renderedAt) + ', bars ' + Math.round(d.barsAt) + ', all rows ' + Math.round(d.allRowsAt)"));
      }
      double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      long rows =
          (Long) driver.executeScript("return document.querySelectorAll('tr[data-check]').length");
      System.out.printf(
          "page load (navigation start to the first screen of rows and bars painted, %d rows): median %.0f ms, p95 %.0f ms, max %.0f ms over %d loads%n",
          rows,
          sorted[sorted.length / 2],
          sorted[(int) Math.ceil(sorted.length * 0.95) - 1],
          sorted[sorted.length - 1],
          sorted.length);
      System.out.println("first screen, all loads: " + Arrays.toString(sorted));
      double[] every = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf(
          "every row drawn: median %.0f ms, p95 %.0f ms%n",
          every[every.length / 2], every[(int) Math.ceil(every.length * 0.95) - 1]);
    } finally {
      driver.quit();
    }
  }
}
