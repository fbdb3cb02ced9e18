package example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class EmbeddedExampleTest {

  @Test
  void serviceAndHealthEndpointsShareOnePort() throws Exception {
    Javalin app = EmbeddedExample.start(0);
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + app.port();
      assertThat(get(http, base + "/").body()).isEqualTo("hello from my service");
      await().until(() -> get(http, base + "/health/ready").statusCode() == 200);
      assertThat(get(http, base + "/health").body()).contains("\"db\"", "\"cache\"", "hit_ratio");
    } finally {
      app.stop();
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
