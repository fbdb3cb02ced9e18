package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.CheckSpec;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import io.vigil.core.testing.ScriptedCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hot endpoints answered before the router (a plain GET) and by the router (a GET with a query,
 * a HEAD) are the same answers: status, headers and fields.
 */
class FastPathTest {

  private static final String TOKEN = "fast-token";
  private static final List<String> HOT =
      List.of("/health", "/health/live", "/health/ready", "/health/started", "/health/checks");

  private final ManualMonitor monitor =
      Monitor.builder().ticker(new FakeTicker()).executor(Runnable::run).buildManual();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();
  private VigilServer server;

  @AfterEach
  void tearDown() {
    server.close();
    monitor.stop();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(5));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private Set<String> fields(String body) throws Exception {
    Set<String> names = new TreeSet<>();
    collect("", mapper.readTree(body), names);
    return names;
  }

  private static void collect(String prefix, JsonNode node, Set<String> names) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      names.add(prefix + name);
      collect(prefix + name + ".", node.get(name), names);
    }
  }

  private void assertSameAnswers(String... headers) throws Exception {
    for (String path : HOT) {
      HttpResponse<String> fast = get(path, headers);
      HttpResponse<String> routed = get(path + "?pretty=false", headers);
      assertThat(fast.statusCode()).as(path).isEqualTo(routed.statusCode());
      assertThat(fast.headers().firstValue("Content-Type"))
          .as(path)
          .isEqualTo(routed.headers().firstValue("Content-Type"));
      assertThat(fast.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
      if (fast.statusCode() != 401) {
        assertThat(fields(fast.body())).as(path).isEqualTo(fields(routed.body()));
      } else {
        assertThat(fast.body()).isEqualTo(routed.body());
      }
    }
  }

  @Test
  void plainGets_answerLikeTheRouter_forEveryStatus() throws Exception {
    monitor.register(
        CheckSpec.builder("db").critical(true).failureThreshold(1).jitter(Duration.ZERO).build(),
        new ScriptedCheck(Status.CRITICAL));
    server = VigilServer.start(monitor, ServerOptions.defaults().withPort(0), Extensions.none());
    assertThat(get("/health/started").statusCode()).isEqualTo(503);
    assertSameAnswers();

    monitor.start();
    monitor.tick();
    assertThat(get("/health").statusCode()).isEqualTo(503);
    assertThat(get("/health").body()).contains("\"db\"");
    assertSameAnswers();
  }

  @Test
  void largeBodiesAreGzipped_whenTheClientAcceptsIt_onEitherPath() throws Exception {
    for (int i = 0; i < 40; i++) {
      monitor.register(
          CheckSpec.builder("check-" + i).jitter(Duration.ZERO).build(),
          new ScriptedCheck(Status.OK));
    }
    monitor.start();
    monitor.tick();
    server = VigilServer.start(monitor, ServerOptions.defaults().withPort(0), Extensions.none());
    for (String path : List.of("/health", "/health?pretty=false", "/health/checks")) {
      HttpResponse<byte[]> zipped =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                  .header("Accept-Encoding", "gzip")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(zipped.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
      assertThat(zipped.headers().firstValue("Vary")).as(path).hasValue("Accept-Encoding");
      String json;
      try (var in =
          new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
        json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      HttpResponse<String> plain = get(path);
      assertThat(plain.headers().firstValue("Content-Encoding")).as(path).isEmpty();
      assertThat(fields(json)).as(path).isEqualTo(fields(plain.body())).contains("checks");
    }
  }

  @Test
  void withAToken_theFastPathGivesNoDetailsAway() throws Exception {
    monitor.register(
        CheckSpec.builder("db").jitter(Duration.ZERO).build(), new ScriptedCheck(Status.OK));
    monitor.start();
    monitor.tick();
    server =
        VigilServer.start(
            monitor, ServerOptions.defaults().withToken(TOKEN).withPort(0), Extensions.none());

    assertThat(get("/health").body()).isEqualTo("{\"status\":\"healthy\"}");
    assertThat(get("/health/checks").statusCode()).isEqualTo(401);
    assertThat(get("/health/ready").body()).doesNotContain("message");
    assertSameAnswers();
    assertSameAnswers("Authorization", "Bearer wrong");
    assertSameAnswers("Authorization", "Bearer " + TOKEN);
    assertThat(get("/health", "Authorization", "Bearer " + TOKEN).body()).contains("\"db\"");
  }
}
