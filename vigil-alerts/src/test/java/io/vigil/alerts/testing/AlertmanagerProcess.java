package io.vigil.alerts.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}) of the test's own: its
 * own free port, storage and config in a directory of the test, no cluster gossip. Can be stopped
 * and started again on the same port, keeping its storage.
 */
public final class AlertmanagerProcess implements AutoCloseable {

  private static final String[] BINARIES = {
    "/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager", "/usr/bin/alertmanager"
  };

  private final Path dir;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;

  private AlertmanagerProcess(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Starts one in {@code dir}; fails saying how to install it when it is missing. */
  public static AlertmanagerProcess start(Path dir) throws IOException {
    AlertmanagerProcess am = new AlertmanagerProcess(dir, freePort());
    Files.writeString(
        dir.resolve("alertmanager.yml"),
        "route:\n  receiver: blackhole\n  group_wait: 1s\nreceivers:\n  - name: blackhole\n");
    am.start();
    return am;
  }

  private static String binary() {
    for (String b : BINARIES) {
      if (Files.isExecutable(Path.of(b))) {
        return b;
      }
    }
    throw new AssertionError(
        "Alertmanager is not installed; install it with: apt-get install -y"
            + " --no-install-recommends prometheus-alertmanager (./vigil test does)");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts it (again) and waits until it is ready. */
  public void start() throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(binary());
    argv.add("--config.file=" + dir.resolve("alertmanager.yml"));
    argv.add("--storage.path=" + dir.resolve("data"));
    argv.add("--web.listen-address=127.0.0.1:" + port);
    argv.add("--cluster.listen-address=");
    process =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(dir.resolve("alertmanager.log").toFile()))
            .start();
    await("Alertmanager ready on port " + port)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(this::ready);
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new AssertionError("Alertmanager exited; see " + dir.resolve("alertmanager.log"));
    }
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops it (SIGKILL) and waits for it to end. */
  public void stop() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Its base URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** {@code GET /api/v2/alerts}: the alerts it holds (active, silenced and inhibited). */
  public JsonNode alerts() throws IOException {
    HttpResponse<String> r = get("/api/v2/alerts");
    if (r.statusCode() != 200) {
      throw new AssertionError("GET /api/v2/alerts answered " + r.statusCode() + ": " + r.body());
    }
    return new ObjectMapper().readTree(r.body());
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    stop();
    http.close();
  }
}
