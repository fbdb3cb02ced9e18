package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil run} as a real process, as a user runs it: it serves the local checks, and SIGTERM
 * turns readiness to 503 for the drain time, then it exits 0.
 */
class AgentProcessTest {

  private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/health");

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private Process agent;

  @AfterEach
  void kill() {
    if (agent != null) {
      agent.destroyForcibly();
    }
  }

  private void start(String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    agent = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            });
  }

  private Optional<Integer> port() {
    for (String line : lines) {
      Matcher m = URL.matcher(line);
      if (line.startsWith("Vigil is watching") && m.find()) {
        return Optional.of(Integer.parseInt(m.group(1)));
      }
    }
    return Optional.empty();
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Timeout(60)
  void servesLocalChecksAndDrainsOnSigterm() throws Exception {
    start("run", "--port", "0");
    await().atMost(Duration.ofSeconds(30)).until(() -> port().isPresent());
    int port = port().get();
    await().atMost(Duration.ofSeconds(20)).until(() -> get(port, "/health").statusCode() == 200);
    String health = get(port, "/health").body();
    // 200 is HEALTHY or DEGRADED: which one depends on how busy this machine's CPU is right now.
    assertThat(health)
        .containsPattern("^\\{\"status\":\"(healthy|degraded)\"")
        .contains("\"memory\"", "\"cpu\"", "\"disk-");

    agent.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of stdout
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> get(port, "/health/ready").statusCode() == 503);
    assertThat(agent.waitFor(10, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
    assertThat(agent.exitValue()).as("exit code; log:%n%s", String.join("\n", lines)).isZero();
    await().until(() -> lines.stream().anyMatch(l -> l.contains("event=stopped")));
  }

  private HttpResponse<String> post(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(15))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Timeout(90)
  void aFifoInPlaceOfTheConfigurationNeverStopsTheEndpoints() throws Exception {
    Path config = dir.resolve("vigil.yaml");
    Files.writeString(config, "checks:\n  - { name: heap, type: jvm }\n");
    start("run", "--config", config.toString(), "--port", "0");
    await().atMost(Duration.ofSeconds(30)).until(() -> port().isPresent());
    int port = port().get();

    Files.delete(config);
    Process mkfifo = new ProcessBuilder("mkfifo", config.toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    // The watcher sees the swap and its reload is refused, without opening the FIFO.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lines.stream().anyMatch(l -> l.contains("is a FIFO (named pipe)")));
    assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> reload = post(port, "/api/reload");
    assertThat(reload.statusCode()).isEqualTo(422);
    assertThat(reload.body())
        .contains(config + ": is a FIFO (named pipe), not a regular file; refusing to read");
    assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
    assertThat(get(port, "/health/checks").statusCode()).isEqualTo(200);

    Files.delete(config);
    Files.writeString(
        config,
        "checks:\n  - { name: heap, type: jvm }\n  - { name: second-check, type: threads }\n");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get(port, "/health/checks").body().contains("\"second-check\""));
  }

  @Test
  @Timeout(60)
  void badConfigurationPrintsEveryProblemAndExitsTwo() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(
        config,
        """
        server: { port: 99999 }
        checks:
          - name: disk-root
            type: disk
            warning: lots
          - name: web
            type: htp
        """);
    start("run", "--config", config.toString());
    assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(agent.exitValue()).isEqualTo(2);
    await().until(() -> lines.stream().anyMatch(l -> l.contains("checks[1].type")));
    String output = String.join("\n", lines);
    assertThat(output)
        .contains("server.port: must be at most 65535, but was 99999")
        .contains("checks[0].path: is required")
        .contains("checks[0].warning: must be a percentage")
        .contains("checks[1].type: unknown type 'htp'; known types: ")
        .contains(", http, ");
  }
}
