package io.vigil.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vigil.cluster.internal.HttpProber;
import io.vigil.core.Ticker;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The default probe against real sockets: an answer, a bad status, a refusal, a silence. */
class HttpProbeTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private final HttpClient client = HttpClient.newHttpClient();
  private final HttpProber prober = new HttpProber(client, Ticker.system());
  private HttpServer server;

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/ok",
        x -> {
          x.sendResponseHeaders(200, -1);
          x.close();
        });
    server.createContext(
        "/down",
        x -> {
          x.sendResponseHeaders(503, -1);
          x.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    client.close();
  }

  private ProbeResult probe(String url) throws Exception {
    NodeSpec node = NodeSpec.of("n1", "127.0.0.1:1").withHealthUrl(URI.create(url));
    return prober.probe(node, TIMEOUT).get();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void anAnswerAndABadStatus() throws Exception {
    ProbeResult ok = probe(base() + "/ok");
    assertThat(ok.ok()).isTrue();
    assertThat(ok.detail()).isEqualTo("HTTP 200");
    ProbeResult down = probe(base() + "/down");
    assertThat(down.ok()).isFalse();
    assertThat(down.timedOut()).isFalse();
    assertThat(down.detail()).isEqualTo("HTTP 503");
  }

  @Test
  void aRefusedConnectionFailsAtOnce() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ProbeResult refused = probe("http://127.0.0.1:" + port + "/");
    assertThat(refused.ok()).isFalse();
    assertThat(refused.timedOut()).isFalse();
    assertThat(refused.detail()).isEqualTo("connection refused");
    assertThat(refused.latency()).isLessThan(TIMEOUT);
  }

  @Test
  void aNodeThatAcceptsButNeverAnswersTimesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) { // the kernel accepts; nobody answers
      ProbeResult hung = probe("http://127.0.0.1:" + silent.getLocalPort() + "/");
      assertThat(hung.ok()).isFalse();
      assertThat(hung.timedOut()).isTrue();
      assertThat(hung.detail()).isEqualTo("timed out after 500ms");
    }
  }

  @Test
  void aNodeWithoutHealthUrlFails() throws Exception {
    ProbeResult none = prober.probe(NodeSpec.of("n1", "h:1"), TIMEOUT).get();
    assertThat(none.ok()).isFalse();
    assertThat(none.detail()).isEqualTo("node has no healthUrl");
  }
}
