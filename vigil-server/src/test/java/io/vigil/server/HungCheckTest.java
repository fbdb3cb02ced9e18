package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.CheckSpec;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A check that never returns delays no endpoint: every request is answered from the snapshot. */
class HungCheckTest {

  @Test
  @Timeout(60)
  void whenCheckHangs_everyEndpointStillAnswers() throws Exception {
    CountDownLatch forever = new CountDownLatch(1);
    Monitor monitor = Monitor.builder().build();
    monitor.register(
        CheckSpec.builder("hung")
            .timeout(Duration.ofMinutes(5))
            .interval(Duration.ofMinutes(5))
            .build(),
        ctx -> {
          forever.await();
          return Result.ok();
        });
    monitor.register(
        CheckSpec.builder("quick").interval(Duration.ofMillis(100)).jitter(Duration.ZERO).build(),
        ctx -> Result.ok());
    monitor.start();
    HttpClient http = HttpClient.newHttpClient();
    try (VigilServer server =
        VigilServer.start(monitor, ServerOptions.defaults().withPort(0), Extensions.none())) {
      for (String path :
          List.of(
              "/health",
              "/health/live",
              "/health/ready",
              "/health/started",
              "/health/checks",
              "/health/checks/hung",
              "/health/components",
              "/diagnostics",
              "/metrics")) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isIn(200, 503);
      }
    } finally {
      forever.countDown();
      monitor.stop();
    }
  }
}
