package io.vigil.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vigil run} as a real {@code java} process of the agent, for tests: its output and port.
 */
final class AgentProcess {

  private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/health");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final Process process;
  final List<String> lines = new CopyOnWriteArrayList<>();

  private AgentProcess(Process process) {
    this.process = process;
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            });
  }

  /**
   * JVM options of the processes: the launcher's lean ones (C1 only starts a short-lived test agent
   * sooner; serial GC), so tests that start many processes stay cheap.
   */
  static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** Starts {@code vigil ARGS} in {@code dir} with this test's class path. */
  static AgentProcess start(Path dir, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return new AgentProcess(
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start());
  }

  /** The port from the "Vigil is watching" line, once printed. */
  Optional<Integer> port() {
    for (String line : lines) {
      Matcher m = URL.matcher(line);
      if (line.startsWith("Vigil is watching") && m.find()) {
        return Optional.of(Integer.parseInt(m.group(1)));
      }
    }
    return Optional.empty();
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    return send("GET", path, "", headers);
  }

  HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    return send("POST", path, body, headers);
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port().orElseThrow() + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .timeout(java.time.Duration.ofSeconds(15));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port().orElseThrow() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String output() {
    return String.join("\n", lines);
  }
}
