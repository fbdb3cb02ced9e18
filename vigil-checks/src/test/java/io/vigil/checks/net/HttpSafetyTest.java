package io.vigil.checks.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigil.checks.AddressGuard;
import io.vigil.checks.CheckSettings;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.TestContext;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The address guard, the redirect policy, threads under hung targets, secrets in bodies. */
class HttpSafetyTest {

  private HttpServer http;
  private String base;
  private int port;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    port = http.getAddress().getPort();
    base = "http://127.0.0.1:" + port;
    http.createContext("/ok", ex -> reply(ex, 200, "fine"));
    http.createContext("/to-localhost", ex -> redirect(ex, "http://localhost:" + port + "/ok"));
    http.createContext("/to-other-ip", ex -> redirect(ex, "http://127.0.0.2:" + port + "/ok"));
    http.createContext("/loop", ex -> redirect(ex, "/loop"));
    http.createContext(
        "/echo",
        ex ->
            reply(ex, 200, new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
  }

  private void reply(HttpExchange ex, int code, String body) throws IOException {
    requests.incrementAndGet();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().add("Location", location);
    reply(ex, 302, "");
  }

  private static Result http(Map<String, Object> settings, Supplier<AddressGuard> guard) {
    CheckSettings s = CheckSettings.of(new HashMap<>(settings));
    HealthCheck check = NetCheckTypes.http(s, guard);
    assertThat(s.problems()).isEmpty();
    try {
      return check.check(TestContext.withTimeout(Duration.ofSeconds(5)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String everything(Result r) {
    return r.message() + " " + r.details() + " " + r.error().orElse("");
  }

  @Test
  void redirectsStayOnTheSameHostByDefault() {
    Map<String, Object> strict =
        Map.of("url", base + "/to-localhost", "expectStatus", List.of("200"));
    Result stayed = http(strict, AddressGuard::off);
    assertThat(stayed.status()).isEqualTo(Status.CRITICAL);
    assertThat(stayed.message()).startsWith("HTTP 302 from " + base + "/to-localhost");
    assertThat(stayed.details().get("redirect_not_followed").toString())
        .startsWith("redirect to another host not followed (redirects: same-host)");

    Map<String, Object> any = new HashMap<>(strict);
    any.put("redirects", "any");
    Result followed = http(any, AddressGuard::off);
    assertThat(followed.status()).as(followed.message()).isEqualTo(Status.OK);
    assertThat(followed.details()).containsEntry("redirects", 1);
  }

  @Test
  void atMostFiveRedirectsByDefault() {
    Result looped = http(Map.of("url", base + "/loop"), AddressGuard::off);
    assertThat(looped.status()).isEqualTo(Status.CRITICAL);
    assertThat(looped.message()).isEqualTo("more than 5 redirects from " + base + "/loop");
    assertThat(requests.get()).isEqualTo(6); // the request and five redirects, no more

    requests.set(0);
    Result two = http(Map.of("url", base + "/loop", "maxRedirects", 2), AddressGuard::off);
    assertThat(two.message()).isEqualTo("more than 2 redirects from " + base + "/loop");
    assertThat(requests.get()).isEqualTo(3);
  }

  @Test
  void theGuardIsEnforcedOnTheFirstRequestAndOnEveryHop() {
    AddressGuard noLoopback = AddressGuard.of(List.of(), List.of("127.0.0.0/8"));
    Result denied = http(Map.of("url", base + "/ok"), () -> noLoopback);
    assertThat(denied.status()).isEqualTo(Status.CRITICAL);
    assertThat(denied.message())
        .isEqualTo("127.0.0.1 is denied by the address guard (127.0.0.0/8): " + base + "/ok");
    assertThat(requests.get()).isZero();

    AddressGuard noSecondIp = AddressGuard.of(List.of(), List.of("127.0.0.2/32"));
    Result hop = http(Map.of("url", base + "/to-other-ip", "redirects", "any"), () -> noSecondIp);
    assertThat(hop.status()).isEqualTo(Status.CRITICAL);
    assertThat(hop.message()).startsWith("127.0.0.2 is denied by the address guard (127.0.0.2/32)");
    assertThat(requests.get()).isEqualTo(1); // the redirect itself, not its target
  }

  @Test
  void theGuardCoversTcpAndTls() throws Exception {
    AddressGuard noLoopback = AddressGuard.of(List.of(), List.of("127.0.0.0/8"));
    Result tcp =
        new TcpCheck("127.0.0.1", port, Optional.empty(), Optional.empty(), () -> noLoopback)
            .check(TestContext.standard());
    assertThat(tcp.message()).startsWith("127.0.0.1 is denied by the address guard");
    Result tls =
        new TlsCheck(
                "localhost",
                port,
                "localhost",
                21,
                7,
                true,
                java.time.Clock.systemUTC(),
                () -> AddressGuard.of(List.of(), List.of("127.0.0.0/8", "::1/128")))
            .check(TestContext.standard());
    assertThat(tls.message())
        .startsWith("localhost resolves to ")
        .contains("denied by the address guard");
  }

  @Test
  void aRequestBodyWithASecretIsNeverEchoed() {
    String canary = "CanaryBodyPw" + System.nanoTime();
    Result r =
        http(
            Map.of(
                "url", base + "/echo",
                "method", "POST",
                "body", "{\"user\":\"u\",\"password\":\"" + canary + "\"}",
                "jsonPointer", "/password",
                "jsonEquals", "something-else"),
            AddressGuard::off);
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.message()).startsWith("JSON /password is '******'");
    assertThat(everything(r)).doesNotContain(canary);
  }

  @Test
  void aRunWithNoTimeLeftIsATimeout() throws Exception {
    HealthCheck check =
        NetCheckTypes.http(CheckSettings.of(new HashMap<>(Map.of("url", base + "/ok"))));
    TestContext ctx = TestContext.withTimeout(Duration.ofMillis(1));
    await().atMost(Duration.ofSeconds(5)).until(ctx::isExpired);
    Result r = check.check(ctx);
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.message()).isEqualTo("timed out before calling " + base + "/ok");
  }

  @Test
  @Timeout(60)
  void twentyHungTargetsDoNotAddThreads() throws Exception {
    ConcurrentLinkedQueue<Socket> held = new ConcurrentLinkedQueue<>();
    try (ServerSocket hung = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor()) {
      Thread.ofVirtual()
          .start(
              () -> {
                while (!hung.isClosed()) {
                  try {
                    held.add(hung.accept()); // accepted, never answered
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      String url = "http://127.0.0.1:" + hung.getLocalPort() + "/health";
      HealthCheck warm =
          NetCheckTypes.http(CheckSettings.of(new HashMap<>(Map.of("url", base + "/ok"))));
      warm.check(TestContext.standard());
      int before = ManagementFactory.getThreadMXBean().getThreadCount();
      List<Future<Result>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        HealthCheck check = NetCheckTypes.http(CheckSettings.of(new HashMap<>(Map.of("url", url))));
        results.add(runs.submit(() -> check.check(TestContext.withTimeout(Duration.ofSeconds(4)))));
      }
      await().atMost(Duration.ofSeconds(4)).until(() -> held.size() >= 20);
      int during = ManagementFactory.getThreadMXBean().getThreadCount();
      assertThat(during - before)
          .as("platform threads added by 20 hung runs")
          .isLessThanOrEqualTo(3);
      for (Future<Result> f : results) {
        Result r = f.get();
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).isEqualTo("timed out talking to " + url);
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  @Timeout(30)
  void aStatusLineIsThreeDigitsAfterTheVersionOrNotAnHttpAnswer() throws Exception {
    Map<String, String> answers = new java.util.LinkedHashMap<>();
    answers.put("HTTP/1.1 200 OK", "OK");
    answers.put("HTTP/1.1 204", "OK");
    answers.put("HTTP/1.0 503 Service Unavailable", "CRITICAL HTTP 503");
    answers.put("HTTP/1.1 2000 OK", "CRITICAL not an HTTP answer");
    answers.put("HTTP/1.1 20 OK", "CRITICAL not an HTTP answer");
    answers.put("HTTP/1.1 2x0 OK", "CRITICAL not an HTTP answer");
    answers.put("HTTP/1.1  200 OK", "CRITICAL not an HTTP answer");
    answers.put("SSH-2.0-OpenSSH_9.2", "CRITICAL not an HTTP answer");
    for (Map.Entry<String, String> answer : answers.entrySet()) {
      try (ServerSocket raw = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
        Thread.ofVirtual()
            .start(
                () -> {
                  try (Socket s = raw.accept()) {
                    s.getOutputStream()
                        .write(
                            (answer.getKey() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                  } catch (IOException e) {
                    // the check reports what it got
                  }
                });
        String url = "http://127.0.0.1:" + raw.getLocalPort() + "/";
        Result r =
            NetCheckTypes.http(CheckSettings.of(new HashMap<>(Map.of("url", url))))
                .check(TestContext.withTimeout(Duration.ofSeconds(5)));
        String[] expected = answer.getValue().split(" ", 2);
        assertThat(r.status()).as(answer.getKey()).isEqualTo(Status.valueOf(expected[0]));
        if (expected.length > 1) {
          assertThat(r.message()).as(answer.getKey()).contains(expected[1]);
        }
      }
    }
  }
}
