package io.vigil.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.CheckSpec;
import io.vigil.core.ManualMonitor;
import io.vigil.core.Monitor;
import io.vigil.core.Status;
import io.vigil.core.testing.FakeTicker;
import io.vigil.core.testing.ScriptedCheck;
import io.vigil.server.Extensions;
import io.vigil.server.ServerOptions;
import io.vigil.server.VigilServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's endpoints over real HTTP, on a manual monitor: the live feed (a snapshot, then
 * only the rows that changed, a burst coalesced), its token rule, run now, series, the files.
 */
class DashboardModuleTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeTicker ticker = new FakeTicker();
  private final ManualMonitor monitor =
      Monitor.builder().ticker(ticker).executor(Runnable::run).buildManual();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<ScriptedCheck> checks = new ArrayList<>();
  private DashboardModule dashboard;
  private VigilServer server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    if (dashboard != null) {
      dashboard.close();
    }
    monitor.stop();
  }

  private void serve(ServerOptions options, int checkCount) {
    for (int i = 0; i < checkCount; i++) {
      ScriptedCheck check = new ScriptedCheck(Status.OK);
      checks.add(check);
      monitor.register(
          CheckSpec.builder("c" + i)
              .interval(Duration.ofSeconds(10))
              .jitter(Duration.ZERO)
              .component(i % 2 == 0 ? "even" : "odd")
              .build(),
          check);
    }
    monitor.start();
    monitor.tick();
    dashboard =
        DashboardModule.builder(monitor).ticker(ticker).coalesce(Duration.ofMillis(100)).build();
    server = VigilServer.start(monitor, options.withPort(0), Extensions.none().withApi(dashboard));
  }

  private HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The events of one stream, as (name, data) pairs, read on a thread of their own. */
  private BlockingQueue<String[]> stream(String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/dashboard/events"))
            .header("Accept", "text/event-stream");
    if (headers.length > 0) {
      b.headers(headers);
    }
    HttpResponse<Stream<String>> response =
        http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
    Thread.ofVirtual()
        .start(
            () -> {
              String[] event = {"message", ""};
              for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.startsWith("event: ")) {
                  event[0] = line.substring(7);
                } else if (line.startsWith("data: ")) {
                  event[1] = line.substring(6);
                } else if (line.isEmpty() && !event[1].isEmpty()) {
                  events.add(event.clone());
                  event[1] = "";
                }
              }
            });
    return events;
  }

  private static JsonNode next(BlockingQueue<String[]> events, String name) throws Exception {
    String[] event = events.poll(10, TimeUnit.SECONDS);
    assertThat(event).as("an event within 10 s").isNotNull();
    assertThat(event[0]).isEqualTo(name);
    return JSON.readTree(event[1]);
  }

  /**
   * Stopping the server while clients stream: each stream ends its request while the server still
   * runs. Ending one after the server recycled it made Javalin loop on the dead request's error
   * handling (gigabytes of log, a hung stop).
   */
  @Test
  void stoppingTheServerWhileClientsStreamEndsTheStreamsCleanly() throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger javalin = (Logger) LoggerFactory.getLogger("io.javalin");
    javalin.addAppender(log);
    try {
      serve(ServerOptions.defaults(), 3);
      List<BlockingQueue<String[]>> clients = List.of(stream(), stream(), stream());
      for (BlockingQueue<String[]> events : clients) {
        next(events, "snapshot");
      }
      assertThat(dashboard.clients()).isEqualTo(3);

      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> server.close());
      server = null;

      assertThat(dashboard.clients()).isZero();
      assertThat(log.list)
          .as("what Javalin logged while stopping")
          .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    } finally {
      javalin.detachAppender(log);
    }
  }

  @Test
  void streamsASnapshot_thenOnlyTheChangedRows_andABurstAsOneMessage() throws Exception {
    serve(ServerOptions.defaults(), 20);
    BlockingQueue<String[]> events = stream();
    JsonNode snapshot = next(events, "snapshot");
    assertThat(snapshot.path("checks")).hasSize(20);
    assertThat(snapshot.path("system").path("status").asText()).isEqualTo("healthy");

    checks.get(3).then(Status.CRITICAL);
    ticker.advance(Duration.ofSeconds(10));
    monitor.tick(); // every check runs: 20 new rows in one burst, one of them CRITICAL
    JsonNode update = next(events, "update");
    assertThat(update.path("seq").asLong()).isGreaterThan(snapshot.path("seq").asLong());
    assertThat(update.path("checks")).hasSize(20);
    assertThat(update.path("checks").findValuesAsText("status")).containsOnlyOnce("critical");
    assertThat(update.path("system").path("status").asText()).isEqualTo("degraded");
    assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("the burst was one message").isNull();

    monitor.runNow("c5").get(5, TimeUnit.SECONDS);
    JsonNode one = next(events, "update");
    assertThat(one.path("checks")).hasSize(1);
    assertThat(one.path("checks").get(0).path("name").asText()).isEqualTo("c5");

    BlockingQueue<String[]> late = stream();
    assertThat(next(late, "snapshot").path("checks").findValuesAsText("status"))
        .contains("critical");
    await().until(() -> dashboard.clients() == 2);
  }

  @Test
  void withAToken_theStreamAndDataNeedIt_andThePageDoesNot() throws Exception {
    serve(ServerOptions.defaults().withToken("s3cret-token"), 2);
    HttpResponse<String> denied =
        send("GET", "/api/dashboard/events", "Accept", "text/event-stream");
    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(denied.body()).doesNotContain("c0", "checks");
    for (String path : List.of("/api/dashboard/bars", "/api/dashboard/checks/c0/series")) {
      HttpResponse<String> r = send("GET", path);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.body()).doesNotContain("\"c0\"");
    }
    assertThat(send("POST", "/api/checks/c0/run").statusCode()).isEqualTo(401);

    HttpResponse<String> page = send("GET", "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("This agent needs its token").doesNotContain("c0");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            v -> assertThat(v).contains("default-src 'none'", "connect-src 'self'"));

    assertThat(next(stream("Authorization", "Bearer s3cret-token"), "snapshot").path("checks"))
        .hasSize(2);
  }

  @Test
  void runNow_answersTheNewState_andUnknownChecksAre404() throws Exception {
    serve(ServerOptions.defaults(), 1);
    checks.get(0).then(Status.WARNING);
    HttpResponse<String> run = send("POST", "/api/checks/c0/run");
    assertThat(run.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(run.body()).path("status").asText()).isEqualTo("warning");
    HttpResponse<String> missing = send("POST", "/api/checks/nope/run");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("no check named 'nope'");
  }

  @Test
  void seriesAndBars_comeFromTheMemoryRingWithoutAStore() throws Exception {
    serve(ServerOptions.defaults(), 1);
    checks.get(0).then(Status.CRITICAL);
    ticker.advance(Duration.ofSeconds(10));
    monitor.tick();
    JsonNode series =
        JSON.readTree(send("GET", "/api/dashboard/checks/c0/series?window=1h").body());
    assertThat(series.path("source").asText()).isEqualTo("memory");
    assertThat(series.path("worst").asText()).hasSize(60).contains("c");
    assertThat(series.path("runs")).hasSize(60);
    assertThat(series.path("uptime").path("1h").asDouble()).isEqualTo(50.0);
    assertThat(series.path("transitions").get(0).path("to").asText()).isEqualTo("critical");

    HttpResponse<String> bad = send("GET", "/api/dashboard/checks/c0/series?window=2y");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("window: must be 1h, 24h, 7d or 30d, but was '2y'");
    assertThat(send("GET", "/api/dashboard/checks/nope/series").statusCode()).isEqualTo(404);

    JsonNode bars = JSON.readTree(send("GET", "/api/dashboard/bars").body());
    assertThat(bars.path("checks").path("c0").path("bar").asText()).hasSize(90).contains("c");
    assertThat(bars.path("checks").path("c0").path("spark")).hasSize(2);
    assertThat(send("GET", "/api/dashboard/healing").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/api/dashboard/tasks").statusCode()).isEqualTo(404);
  }

  @Test
  void filesAreServedWithAnEtag_andUnknownFilesAre404() throws Exception {
    serve(ServerOptions.defaults(), 0);
    for (String file :
        List.of("app.js", "list.js", "util.js", "app.css", "uplot.js", "uplot.css")) {
      HttpResponse<String> r = send("GET", "/dashboard/" + file);
      assertThat(r.statusCode()).as(file).isEqualTo(200);
      String etag = r.headers().firstValue("ETag").orElseThrow();
      assertThat(send("GET", "/dashboard/" + file, "If-None-Match", etag).statusCode())
          .isEqualTo(304);
    }
    assertThat(send("GET", "/dashboard/..%2F..%2Fetc%2Fpasswd").statusCode()).isIn(400, 404);
    assertThat(send("GET", "/dashboard/secret.txt").statusCode()).isEqualTo(404);
  }
}
