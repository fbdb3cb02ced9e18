package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.CheckSpec;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a user notices at the edges: errors, flags, disabled checks, broken requests. */
class EdgeCasesTest {

  private final Monitor monitor = Monitor.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private VigilServer server;

  @BeforeEach
  void start() {
    monitor.register(CheckSpec.builder("db").jitter(Duration.ZERO).build(), ctx -> Result.ok("up"));
    monitor.register(
        CheckSpec.builder("off").jitter(Duration.ZERO).enabled(false).build(),
        ctx -> Result.ok("never"));
    monitor.start();
    server =
        VigilServer.start(
            monitor,
            ServerOptions.defaults().withPort(0),
            Extensions.none().withHeartbeats((name, status, message) -> true));
    await().until(() -> monitor.snapshot().check("db").flatMap(c -> c.lastResult()).isPresent());
  }

  @AfterEach
  void stop() {
    server.close();
    monitor.stop();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void errorAnswersAreNeverCached() throws Exception {
    HttpResponse<String> notFound = send("GET", "/nope");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(notFound.headers().firstValue("Cache-Control")).contains("no-store");
    HttpResponse<String> notAllowed = send("DELETE", "/health");
    assertThat(notAllowed.statusCode()).isEqualTo(405);
    assertThat(notAllowed.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void prettyFalseIsCompact() throws Exception {
    assertThat(send("GET", "/health/ready?pretty=false").body()).doesNotContain("\n");
    assertThat(send("GET", "/health/ready?pretty=0").body()).doesNotContain("\n");
    assertThat(send("GET", "/health/ready?pretty").body()).contains("\n");
    assertThat(send("GET", "/health/ready?pretty=true").body()).contains("\n");
  }

  @Test
  void disabledCheckSaysDisabledAndTheScoreLevelIsShown() throws Exception {
    String body = send("GET", "/health/checks/off").body();
    assertThat(body).contains("\"status\":\"disabled\"", "\"message\":\"disabled\"");
    assertThat(send("GET", "/health").body()).contains("\"score_level\":\"healthy\"");
    assertThat(send("GET", "/health/components").body()).contains("\"score_level\":\"healthy\"");
  }

  @Test
  void truncatedBodyIsTheClientsProblem() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/heartbeat/job HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 100\r\n\r\n{\"status\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.shutdownOutput(); // the client goes away mid-body
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      String text = answer.toString(StandardCharsets.US_ASCII);
      assertThat(text).startsWith("HTTP/1.1 400");
    }
  }

  @Test
  void oneCheckShowsWhatBlocksIt() throws Exception {
    monitor.register(
        CheckSpec.builder("dep").jitter(Duration.ZERO).failureThreshold(1).build(),
        ctx -> Result.critical("down"));
    monitor.register(
        CheckSpec.builder("app").jitter(Duration.ZERO).failureThreshold(1).dependsOn("dep").build(),
        ctx -> Result.critical("cannot reach dep"));
    await()
        .until(
            () ->
                monitor.snapshot().check("app").map(c -> c.failing()).orElse(false)
                    && monitor.snapshot().check("dep").map(c -> c.failing()).orElse(false));
    String body = send("GET", "/health/checks/app").body();
    assertThat(body).contains("\"blocked_by\":[\"dep\"]", "(blocked by dep)");
    assertThat(send("GET", "/health/checks/app?since=1h").body()).contains("\"blocked_by\"");
  }

  @Test
  void aCachedBodyNeverOutlivesItsSnapshot() throws Exception {
    java.util.concurrent.atomic.AtomicReference<Result> next =
        new java.util.concurrent.atomic.AtomicReference<>(Result.ok("fine"));
    monitor.register(
        CheckSpec.builder("flip").jitter(Duration.ZERO).failureThreshold(1).build(),
        ctx -> next.get());
    monitor.runNow("flip").join();
    String before = send("GET", "/health").body();
    assertThat(before).contains("\"fine\"");
    assertThat(send("GET", "/health/checks").body()).contains("\"fine\"");
    next.set(Result.critical("broken"));
    monitor.runNow("flip").join();
    await().until(() -> monitor.snapshot().check("flip").orElseThrow().failing());
    assertThat(send("GET", "/health").body()).contains("\"broken\"").doesNotContain("\"fine\"");
    assertThat(send("GET", "/health/checks").body()).contains("\"broken\"");
    assertThat(send("GET", "/health?pretty").body()).contains("\"broken\"").contains("\n");
  }
}
