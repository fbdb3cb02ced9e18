package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.agent.config.ConfigDocument;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.Heartbeats;
import io.vigil.core.CheckSnapshot;
import io.vigil.core.Status;
import io.vigil.core.testing.Tools;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/self-healing.yaml} with its own settings (only ports and directories moved into a
 * temporary directory) does what its comments and docs/self-healing.md say: every kill within the
 * restart budget heals in at most 2 s, the crash-looping demo does not get in the way, the kill
 * after the budget quarantines the check, and lifting the quarantine brings the service back.
 */
class ExampleConfigTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Duration PROMISED = Duration.ofSeconds(2);

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private Agent agent;

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.close();
    }
  }

  private static String replace(String text, String from, String to) {
    assertThat(text).as("the example still has '%s'", from).contains(from);
    return text.replace(from, to);
  }

  private Path example(int port) throws Exception {
    Path state = dir.resolve("vigil-state");
    String yaml = Files.readString(ROOT.resolve("examples/self-healing.yaml"));
    yaml = replace(yaml, "port: 8080", "port: 0");
    yaml = replace(yaml, "9099", String.valueOf(port));
    yaml = replace(yaml, "directory: examples", "directory: " + dir);
    yaml = replace(yaml, "directory: vigil-state", "directory: " + state);
    yaml = replace(yaml, "pidFile: vigil-state/", "pidFile: " + state + "/");
    Path file = dir.resolve("self-healing.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private CheckSnapshot demo() {
    return agent.monitor().snapshot().check("demo").orElseThrow();
  }

  /** OK from a run that started after {@code killed} (one in flight at the kill does not count). */
  private boolean healedSince(Instant killed) {
    CheckSnapshot c = demo();
    return c.status() == Status.OK
        && c.lastResult().map(r -> r.timestamp().minus(r.latency()).isAfter(killed)).orElse(false);
  }

  private String recovery(String check) throws Exception {
    return http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + agent.port() + "/health/checks/" + check))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private long demoPid() throws Exception {
    return Long.parseLong(Files.readString(dir.resolve("vigil-state/programs/demo.pid")).strip());
  }

  private static void kill9(long pid) throws Exception {
    new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
  }

  @Test
  @Timeout(240)
  void everyKillWithinTheBudgetHealsWithinTwoSecondsThenTheCheckIsQuarantined() throws Exception {
    Tools.require("python3", "python3");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Heartbeats heartbeats = new Heartbeats();
    ConfigLoader loader = ConfigLoader.standard(new CheckTypeContext(heartbeats));
    ConfigDocument document = loader.read(Optional.of(example(port)));
    agent = Agent.start(loader, document, loader.server(document), heartbeats);
    await().atMost(Duration.ofSeconds(30)).until(() -> demo().status() == Status.OK);

    for (int kill = 1; kill <= 3; kill++) { // the budget: 3 restarts within 10 minutes
      long pid = demoPid();
      Instant killed = Instant.now();
      long t0 = System.nanoTime();
      kill9(pid);
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> healedSince(killed));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(took).as("kill %d -> healthy", kill).isLessThanOrEqualTo(PROMISED);
      assertThat(demoPid()).isNotEqualTo(pid);
      // The next kill comes after this restart was verified (5 s), as a real crash would.
      int verified = kill;
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> count(recovery("demo"), "\"event\":\"succeeded\"") == verified);
    }

    // The fourth kill within 10 minutes: the budget is spent, healing gives up, says why.
    kill9(demoPid());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> recovery("demo").contains("\"cause\":\"budget_spent\""));
    // Meanwhile the crash loop ran through its own ladder and gave up on its own budget.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> recovery("crasher").contains("\"quarantined\":true"));

    HttpResponse<String> lifted =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + agent.port() + "/api/checks/demo/quarantine/lift"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(200);
    Instant liftedAt = Instant.now();
    await().atMost(Duration.ofSeconds(20)).until(() -> healedSince(liftedAt));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
