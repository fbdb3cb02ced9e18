package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.testing.FakeTicker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routes an application adds with {@link ApiModule}: the server's token rules apply to them. */
class ApiRoutesTest {

  private final ManualMonitor monitor =
      Monitor.builder().ticker(new FakeTicker()).executor(Runnable::run).buildManual();
  private final HttpClient http = HttpClient.newHttpClient();
  private VigilServer server;

  private final ApiModule module =
      routes -> {
        routes.get("/api/things", ctx -> ApiRoutes.json(ctx, 200, Map.of("things", 3)));
        routes.post(
            "/api/things",
            ctx -> {
              Map<String, Object> body = ApiRoutes.jsonObject(ctx);
              if (!(body.get("name") instanceof String name)) {
                throw new ApiRoutes.BadRequest("name: required text");
              }
              ApiRoutes.json(ctx, 201, Map.of("name", name, "by", routes.caller(ctx)));
            });
        routes.delete("/api/things/{id}", ctx -> ApiRoutes.problem(ctx, 404, "no thing"));
        routes.open("/page", ctx -> ctx.html("<p>ask for the token</p>"));
      };

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    monitor.stop();
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(5));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withAToken_moduleRoutesNeedIt_andOpenRoutesDoNot() throws Exception {
    server =
        VigilServer.start(
            monitor,
            ServerOptions.defaults().withToken("t0ken").withPort(0),
            Extensions.none().withApi(module));

    HttpResponse<String> denied = send("GET", "/api/things", "");
    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(denied.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(send("DELETE", "/api/things/1", "").statusCode()).isEqualTo(401);
    assertThat(send("POST", "/api/things", "{\"name\":\"a\"}").statusCode()).isEqualTo(401);

    HttpResponse<String> allowed = send("GET", "/api/things", "", "Authorization", "Bearer t0ken");
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).isEqualTo("{\"things\":3}");
    assertThat(send("GET", "/page", "").body()).contains("ask for the token");
  }

  @Test
  void badBodies_areAnswered400WithTheirReason_notAStackTrace() throws Exception {
    server =
        VigilServer.start(
            monitor, ServerOptions.defaults().withPort(0), Extensions.none().withApi(module));

    HttpResponse<String> notJson = send("POST", "/api/things", "{oops");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(notJson.body()).contains("the body must be a JSON object");

    HttpResponse<String> noName = send("POST", "/api/things", "{\"name\": 3}");
    assertThat(noName.statusCode()).isEqualTo(400);
    assertThat(noName.body()).contains("name: required text");

    HttpResponse<String> created = send("POST", "/api/things", "{\"name\": \"a\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("\"by\":\"anonymous@127.0.0.1\"");

    HttpResponse<String> missing = send("DELETE", "/api/things/1", "");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("no thing");
  }
}
