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
