package io.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.vigil.spring.internal.ServerPart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * Vigil's own endpoints inside a Boot application: they answer on their port with Vigil's JSON
 * (Jackson 2, the server's own), while Boot's endpoints keep Jackson 3 and no Jackson 2 mapper is
 * configured in the application.
 */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VigilServerTest {

  @LocalServerPort int port;
  @Autowired ServerPart server;
  @Autowired ApplicationContext context;

  @Test
  void vigilsEndpointsAnswerBesideActuators() throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get(server.port(), "/health/checks/fast").contains("\"status\":\"ok\""));
    String health = get(server.port(), "/health");
    assertThat((String) JsonPath.read(health, "$.checks.queue.status")).isEqualTo("warning");
    assertThat(get(server.port(), "/metrics")).contains("vigil_check_runs_total{check=\"fast\"");

    String actuator = get(port, "/actuator/health/fast");
    assertThat((String) JsonPath.read(actuator, "$.status")).isEqualTo("UP");
    assertThat(context.getBeanNamesForType(tools.jackson.databind.json.JsonMapper.class))
        .isNotEmpty();
    assertThat(context.getBeanNamesForType(com.fasterxml.jackson.databind.ObjectMapper.class))
        .isEmpty();
  }

  private static String get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
