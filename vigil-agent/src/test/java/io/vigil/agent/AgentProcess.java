package io.vigil.agent;

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
   * JVM options of the processes: C1 only and the serial GC start a short-lived test agent sooner,
   * so tests that start many processes stay cheap.
   */
  static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** The class-data archive of this test JVM's agents, once made; empty when it could not be. */
  private static Optional<Path> archive;

  /** Starts {@code vigil ARGS} in {@code dir} with this test's class path. */
  static AgentProcess start(Path dir, String... args) throws IOException {
    return start(dir, java.util.Map.of(), args);
  }

  /** As {@link #start(Path, String...)}, with these environment variables added. */
  static AgentProcess start(Path dir, java.util.Map<String, String> env, String... args)
      throws IOException {
    List<String> command = java();
    archive()
        .ifPresent(a -> command.addAll(List.of("-XX:SharedArchiveFile=" + a, "-Xlog:cds=off")));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    return new AgentProcess(builder.start());
  }

  /** {@code java}, the JVM options and this test's class path. */
  private static List<String> java() {
    List<String> command =
        new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    return command;
  }

  /**
   * A class-data-sharing archive of what an agent loads (an agent with a store, trained once per
   * test JVM: started, then stopped with SIGTERM so the JVM writes the archive at exit). Agents
   * started from it start in about half the time. Deleted when the test JVM exits.
   */
  private static synchronized Optional<Path> archive() {
    if (archive == null) {
      archive = train();
    }
    return archive;
  }

  private static Optional<Path> train() {
    try {
      Path dir = Files.createTempDirectory("vigil-cds-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
      Path jsa = dir.resolve("agent.jsa");
      Files.writeString(dir.resolve("vigil.yaml"), "checks: [{ name: heap, type: jvm }]\n");
      List<String> command = java();
      command.addAll(
          List.of("-XX:ArchiveClassesAtExit=" + jsa, Main.class.getName(), "run", "--port", "0"));
      AgentProcess trainee =
          new AgentProcess(
              new ProcessBuilder(command)
                  .directory(dir.toFile())
                  .redirectErrorStream(true)
                  .start());
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
      while (trainee.port().isEmpty()
          && trainee.process.isAlive()
          && System.nanoTime() < deadline) {
        trainee.process.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      trainee.process.destroy(); // SIGTERM: a clean exit writes the archive
      if (!trainee.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        trainee.process.destroyForcibly();
      }
      return Files.isRegularFile(jsa) && Files.size(jsa) > 0 ? Optional.of(jsa) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static void deleteTree(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; nothing to do
    }
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
