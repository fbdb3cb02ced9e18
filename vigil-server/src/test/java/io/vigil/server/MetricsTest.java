package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.CheckSpec;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.core.testing.FakeTicker;
import io.vigil.core.testing.Tools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} carries the documented series and passes {@code promtool check metrics}. */
class MetricsTest {

  @TempDir Path dir;

  @Test
  void exposesVigilSeriesThatPromtoolAccepts() throws Exception {
    FakeTicker ticker = new FakeTicker();
    ManualMonitor monitor = Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
    monitor.register(
        CheckSpec.builder("db").component("backend").jitter(Duration.ZERO).build(),
        ctx -> Result.ok());
    monitor.register(
        CheckSpec.builder("cache").jitter(Duration.ZERO).build(), ctx -> Result.warning("slow"));
    try (VigilServer server =
        VigilServer.start(monitor, ServerOptions.defaults().withPort(0), Extensions.none())) {
      monitor.start();
      monitor.tick();
      String metrics = scrapeWhen(server, "vigil_check_runs_total{check=\"cache\"");
      assertThat(metrics)
          .contains("vigil_check_runs_total{check=\"db\",status=\"ok\"} 1.0")
          .contains("vigil_check_runs_total{check=\"cache\",status=\"warning\"} 1.0")
          .contains("vigil_check_duration_seconds_bucket{check=\"db\"")
          .contains("vigil_check_status{check=\"cache\"} 1.0")
          .contains("vigil_check_score{check=\"db\"} 1.0")
          .contains("vigil_component_health_score{component=\"backend\"} 1.0")
          .contains("vigil_system_health_score")
          .contains("vigil_scheduler_lag_seconds")
          .contains("jvm_memory_used_bytes")
          .contains("process_uptime_seconds")
          .contains("vigil_system_status{status=\"degraded\"} 1.0")
          .contains("vigil_system_status{status=\"healthy\"} 0.0")
          .contains("vigil_system_score_level{level=\"degraded\"} 1.0")
          .contains("vigil_check_hard{check=\"cache\"}")
          .contains("vigil_check_flapping{check=\"cache\"} 0.0")
          .contains("vigil_check_critical{check=\"db\"} 0.0");
      assertThat(promtool(metrics)).isEmpty();

      monitor.unregister("cache");
      String after = scrape(server);
      assertThat(after).doesNotContain("check=\"cache\"");
    } finally {
      monitor.stop();
    }
  }

  /**
   * Issue 16: with a listener queue of one event and a listener that never takes one, the engine
   * drops nearly every event; runs, durations and the scheduler's lag in /metrics still equal what
   * the engine counted, and /diagnostics gives the lag's p50/p99.
   */
  @Test
  void runCountsAreTheEnginesEvenWhenEventsAreDropped() throws Exception {
    FakeTicker ticker = new FakeTicker();
    ManualMonitor monitor =
        Monitor.builder().ticker(ticker).executor(Runnable::run).listenerQueue(1).buildManual();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    monitor.subscribe(
        event -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    int[] n = {0};
    monitor.register(
        CheckSpec.builder("flaky").interval(Duration.ofSeconds(1)).jitter(Duration.ZERO).build(),
        ctx -> ++n[0] % 3 == 0 ? Result.critical("down") : Result.ok());
    try (VigilServer server =
        VigilServer.start(monitor, ServerOptions.defaults().withPort(0), Extensions.none())) {
      monitor.start();
      for (int i = 0; i < 300; i++) {
        monitor.tick();
        ticker.advance(Duration.ofMillis(1003));
      }
      monitor.tick();
      long engineRuns = monitor.stats().runs();
      assertThat(engineRuns).isGreaterThanOrEqualTo(300);
      assertThat(monitor.stats().listenerDrops()).isGreaterThan(100);

      String metrics = scrape(server);
      long ok = (long) value(metrics, "vigil_check_runs_total{check=\"flaky\",status=\"ok\"}");
      long critical =
          (long) value(metrics, "vigil_check_runs_total{check=\"flaky\",status=\"critical\"}");
      assertThat(ok + critical).isEqualTo(engineRuns);
      assertThat(critical).isEqualTo(engineRuns / 3);
      assertThat(value(metrics, "vigil_check_duration_seconds_count{check=\"flaky\"}"))
          .isEqualTo(engineRuns);
      assertThat(value(metrics, "vigil_check_duration_seconds_bucket{check=\"flaky\",le=\"+Inf\"}"))
          .isEqualTo(engineRuns);
      // every run started 3 ms late (due every 1 s, ticked every 1.003 s)
      assertThat(value(metrics, "vigil_scheduler_lag_seconds_bucket{le=\"0.001\"}"))
          .isLessThanOrEqualTo(1); // the first run, due at start
      assertThat(value(metrics, "vigil_scheduler_lag_seconds_bucket{le=\"0.005\"}"))
          .isGreaterThanOrEqualTo(engineRuns - 1);
      assertThat(promtool(metrics)).isEmpty();

      String diagnostics = get(server, "/diagnostics");
      assertThat(diagnostics)
          .containsPattern("\"scheduler_lag_p50_ms\": ?[1-5]\\.")
          .containsPattern("\"scheduler_lag_p99_ms\": ?[1-5]\\.");
    } finally {
      release.countDown();
      monitor.stop();
    }
  }

  private static double value(String metrics, String series) {
    return metrics
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + series + " in\n" + metrics));
  }

  private static String get(VigilServer server, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String scrape(VigilServer server) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Run counters come from events delivered asynchronously; scrape until they arrived. */
  private static String scrapeWhen(VigilServer server, String expected) throws Exception {
    String[] last = {""};
    org.awaitility.Awaitility.await()
        .until(
            () -> {
              last[0] = scrape(server);
              return last[0].contains(expected);
            });
    return last[0];
  }

  /** promtool's complaints, empty when it accepts the text. */
  private String promtool(String metrics) throws IOException, InterruptedException {
    String promtool = Tools.require("promtool", "prometheus");
    Path input = dir.resolve("metrics.txt");
    Files.writeString(input, metrics);
    Process p =
        new ProcessBuilder(promtool, "check", "metrics")
            .redirectInput(input.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + out;
  }
}
