package io.vigil.checks.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vigil.checks.AddressGuard;
import io.vigil.checks.CheckSettings;
import io.vigil.checks.testing.Services;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.TestContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** http, tcp and dns checks against servers the test runs on loopback. */
class NetChecksTest {

  private HttpServer http;
  private String base;

  @BeforeEach
  void startHttp() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/ok", ex -> reply(ex, 200, "{\"status\":\"UP\",\"db\":{\"ok\":true}}"));
    http.createContext("/fail", ex -> reply(ex, 500, "boom"));
    http.createContext(
        "/slow",
        ex -> {
          try {
            Thread.sleep(700);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          reply(ex, 200, "late");
        });
    http.createContext(
        "/moved",
        ex -> {
          ex.getResponseHeaders().add("Location", "/ok");
          reply(ex, 302, "");
        });
    http.createContext(
        "/echo-header",
        ex ->
            reply(
                ex,
                200,
                "token="
                    + ex.getRequestHeaders().getFirst("X-Token")
                    + " method="
                    + ex.getRequestMethod()));
    http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    http.start();
    base = "http://127.0.0.1:" + http.getAddress().getPort();
  }

  @AfterEach
  void stopHttp() {
    http.stop(0);
  }

  private static void reply(com.sun.net.httpserver.HttpExchange ex, int code, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Result http(Map<String, Object> settings, Duration timeout) throws Exception {
    CheckSettings s = CheckSettings.of(new HashMap<>(settings));
    HealthCheck check = NetCheckTypes.http(s);
    assertThat(s.problems()).isEmpty();
    return check.check(TestContext.withTimeout(timeout));
  }

  @Test
  void httpJudgesStatusBodyAndJson() throws Exception {
    Result ok =
        http(
            Map.of(
                "url", base + "/ok",
                "bodyContains", "UP",
                "bodyMatches", "\"status\"\\s*:\\s*\"UP\"",
                "jsonPointer", "/db/ok",
                "jsonEquals", "true"),
            Duration.ofSeconds(5));
    assertThat(ok.status()).as(ok.message()).isEqualTo(Status.OK);
    assertThat(ok.details()).containsEntry("status_code", 200);

    Result wrongJson =
        http(
            Map.of("url", base + "/ok", "jsonPointer", "/status", "jsonEquals", "DOWN"),
            Duration.ofSeconds(5));
    assertThat(wrongJson.status()).isEqualTo(Status.CRITICAL);
    assertThat(wrongJson.message()).contains("JSON /status is 'UP', expected 'DOWN'");

    Result fail = http(Map.of("url", base + "/fail"), Duration.ofSeconds(5));
    assertThat(fail.status()).isEqualTo(Status.CRITICAL);
    assertThat(fail.message()).startsWith("HTTP 500 from " + base + "/fail");

    Result accepted =
        http(Map.of("url", base + "/fail", "expectStatus", List.of("500")), Duration.ofSeconds(5));
    assertThat(accepted.status()).isEqualTo(Status.OK);

    Result noBody =
        http(Map.of("url", base + "/ok", "bodyContains", "DOWN"), Duration.ofSeconds(5));
    assertThat(noBody.message()).contains("does not contain 'DOWN'");
  }

  @Test
  void httpLatencyLimitsAndTimeout() throws Exception {
    Result slow =
        http(
            Map.of("url", base + "/slow", "latencyWarning", "200ms", "latencyCritical", "5s"),
            Duration.ofSeconds(5));
    assertThat(slow.status()).isEqualTo(Status.WARNING);
    assertThat(slow.message()).contains("slower than 200ms");
    long t0 = System.nanoTime();
    Result timedOut = http(Map.of("url", base + "/slow"), Duration.ofMillis(300));
    assertThat(timedOut.status()).isEqualTo(Status.CRITICAL);
    assertThat(timedOut.message()).contains("timed out").contains(base + "/slow");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void httpRedirectPolicyMethodAndHeaders() throws Exception {
    assertThat(
            http(
                    Map.of("url", base + "/moved", "expectStatus", List.of("200")),
                    Duration.ofSeconds(5))
                .status())
        .isEqualTo(Status.OK);
    Result notFollowed =
        http(
            Map.of(
                "url", base + "/moved", "followRedirects", false, "expectStatus", List.of("200")),
            Duration.ofSeconds(5));
    assertThat(notFollowed.message()).startsWith("HTTP 302");
    Result echoed =
        http(
            Map.of(
                "url",
                base + "/echo-header",
                "method",
                "post",
                "body",
                "{}",
                "headers",
                Map.of("X-Token", "abc"),
                "bodyContains",
                "token=abc method=POST"),
            Duration.ofSeconds(5));
    assertThat(echoed.status()).as(echoed.message()).isEqualTo(Status.OK);
  }

  @Test
  void httpConfigurationProblemsHaveTheirField() {
    CheckSettings s =
        CheckSettings.of(
            Map.of(
                "url",
                "ftp://x",
                "expectStatus",
                List.of("20x"),
                "bodyMatches",
                "(",
                "jsonPointer",
                "status"));
    NetCheckTypes.http(s);
    assertThat(s.problems())
        .anyMatch(p -> p.startsWith("url: must be an http:// or https:// URL"))
        .anyMatch(p -> p.startsWith("expectStatus: must be HTTP status codes"))
        .anyMatch(p -> p.startsWith("bodyMatches: is not a regular expression"))
        .anyMatch(p -> p.startsWith("jsonPointer: must start with '/'"));
  }

  @Test
  void httpRefusedNamesTheTarget() throws Exception {
    int port = Services.closedPort();
    Result r = http(Map.of("url", "http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(5));
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.message()).isEqualTo("connection refused to http://127.0.0.1:" + port + "/health");
  }

  @Test
  void tcpConnectsSendsAndExpects() throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket s = server.accept()) {
                  s.getOutputStream().write("220 ready\r\n".getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                  // closed by the test
                }
              });
      Result r =
          new TcpCheck(
                  "127.0.0.1",
                  server.getLocalPort(),
                  Optional.empty(),
                  Optional.of("220"),
                  AddressGuard::off)
              .check(TestContext.standard());
      assertThat(r.status()).as(r.message()).isEqualTo(Status.OK);
    }
    int port = Services.closedPort();
    Result refused =
        new TcpCheck("127.0.0.1", port, Optional.empty(), Optional.empty(), AddressGuard::off)
            .check(TestContext.standard());
    assertThat(refused.message()).isEqualTo("connection refused to 127.0.0.1:" + port);
  }

  @Test
  void dnsResolvesLocalhost() {
    Result r = new DnsCheck("localhost", List.of("127.0.0.1")).check(TestContext.standard());
    assertThat(r.status()).as(r.message()).isEqualTo(Status.OK);
    Result missing = new DnsCheck("localhost", List.of("10.9.8.7")).check(TestContext.standard());
    assertThat(missing.status()).isEqualTo(Status.CRITICAL);
    assertThat(missing.message()).contains("missing 10.9.8.7");
  }
}
