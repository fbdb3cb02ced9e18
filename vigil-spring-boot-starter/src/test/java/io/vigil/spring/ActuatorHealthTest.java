package io.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real application on a random port: {@code /actuator/health} answers from Vigil's snapshot while
 * an indicator hangs for 60 s, readiness follows Vigil's status, and Vigil's meters are in Boot's
 * Prometheus endpoint.
 */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActuatorHealthTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort int port;

  @AfterEach
  void up() {
    TestApp.FLAKY_UP.set(true);
  }

  @Test
  void whenAnIndicatorHangs_healthAnswersAtOnceAndReportsItTimedOut() throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get("/actuator/health").body().contains("timed out after 1s"));
    for (int i = 0; i < 3; i++) {
      get("/actuator/health"); // warm-up: first requests load classes
    }
    List<Long> millis = new ArrayList<>();
    HttpResponse<String> last = null;
    for (int i = 0; i < 11; i++) {
      long start = System.nanoTime();
      last = get("/actuator/health");
      millis.add((System.nanoTime() - start) / 1_000_000);
    }
    System.out.println("event=actuator_health_latency ms=" + millis);
    // The hung indicator sleeps 60 s and times out after 1 s; Actuator alone would wait 60 s.
    assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(1_000));
    assertThat(millis.stream().sorted().toList().get(millis.size() / 2))
        .as("median of %s ms", millis)
        .isLessThanOrEqualTo(50);
    String body = last.body();
    assertThat(last.statusCode()).isEqualTo(503);
    assertThat((String) JsonPath.read(body, "$.components.hung.status")).isEqualTo("DOWN");
    assertThat((String) JsonPath.read(body, "$.components.hung.details.error"))
        .isEqualTo("timed out after 1s");
    assertThat((String) JsonPath.read(body, "$.components.hung.details.vigil.age")).isNotBlank();
    assertThat((String) JsonPath.read(body, "$.components.fast.status")).isEqualTo("UP");
    assertThat((String) JsonPath.read(body, "$.components.fast.details.pool"))
        .isEqualTo("4 of 10 in use");
  }

  @Test
  void readinessFollowsVigilsStatus() throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get("/actuator/health/readiness").statusCode() == 200);
    TestApp.FLAKY_UP.set(false); // critical: its hard failure makes Vigil UNHEALTHY
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get("/actuator/health/readiness").statusCode() == 503);
    assertThat((String) JsonPath.read(get("/actuator/health/vigil").body(), "$.details.status"))
        .isEqualTo("unhealthy");
    assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    TestApp.FLAKY_UP.set(true);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get("/actuator/health/readiness").statusCode() == 200);
  }

  @Test
  void vigilChecksAndReactiveIndicatorsAreInTheTree() throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get("/actuator/health/queue").body().contains("backlog"));
    String queue = get("/actuator/health/queue").body();
    assertThat((String) JsonPath.read(queue, "$.status")).isEqualTo("UP");
    assertThat((Integer) JsonPath.read(queue, "$.details.depth")).isEqualTo(1200);
    assertThat((String) JsonPath.read(queue, "$.details.vigil.status")).isEqualTo("warning");
    String stream = get("/actuator/health/stream").body();
    assertThat((Integer) JsonPath.read(stream, "$.details.lag")).isEqualTo(3);
    assertThat((String) JsonPath.read(stream, "$.details.vigil.latency")).isNotBlank();
  }

  @Test
  void anInlineIndicatorRunsOnEveryRequest_anAdoptedOneOnItsSchedule() throws Exception {
    get("/actuator/health");
    int inline = TestApp.INLINE_CALLS.get();
    int fast = TestApp.FAST_CALLS.get();
    for (int i = 0; i < 20; i++) {
      get("/actuator/health");
    }
    assertThat(TestApp.INLINE_CALLS.get() - inline).isEqualTo(20);
    assertThat(TestApp.FAST_CALLS.get() - fast).isLessThan(20);
    String inlineBody = get("/actuator/health/inline").body();
    assertThat(inlineBody).doesNotContain("vigil");
  }

  @Test
  void vigilsMetersAreInBootsPrometheusEndpoint() throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(get("/actuator/prometheus").body())
                    .contains("vigil_check_runs_total{check=\"fast\",status=\"ok\"}")
                    .contains("vigil_check_duration_seconds_bucket{check=\"fast\",le=\"+Inf\"}")
                    .contains("vigil_check_status{check=\"hung\"} 2.0")
                    .contains("vigil_system_status{status=")
                    .contains("vigil_scheduler_lag_seconds_count"));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(90))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
