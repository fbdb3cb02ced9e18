package example.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The example answers its health at once although one indicator hangs and one is slow. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExampleApplicationTest {

  @LocalServerPort int port;

  @Test
  void healthAnswersAtOnce_theHungIndicatorTimedOut_theSlowOneUp() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> health().body().contains("timed out after 3s"));
    long start = System.nanoTime();
    HttpResponse<String> health = health();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(millis).as("a request while an indicator hangs for 60 s").isLessThan(1_000);
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat((String) JsonPath.read(health.body(), "$.components.hung.status")).isEqualTo("DOWN");
    assertThat((String) JsonPath.read(health.body(), "$.components.slow.status")).isEqualTo("UP");
  }

  private HttpResponse<String> health() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(90))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
