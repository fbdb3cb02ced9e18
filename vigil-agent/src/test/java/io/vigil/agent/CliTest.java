package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator commands as a user runs them: the real {@code ./vigil} launcher (with this build's
 * classes through {@code VIGIL_CLASSPATH}, so nothing is built or installed) against a real agent
 * process: Nagios exit codes, tables, JSON and YAML, the token, and what it says with no agent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTest {

  private static final Path LAUNCHER = Path.of("..", "vigil").toAbsolutePath().normalize();
  private static final String TOKEN = "cli-t0ken-canary-3e9a";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path dir;
  private AgentProcess agent;
  private AgentProcess tokenAgent;
  private String url;

  private record Run(int exit, String out, String err) {}

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("vigil-cli-");
    Files.writeString(
        dir.resolve("agent.yaml"),
        """
        server: {port: 0, drain: 0s}
        checks:
          - {name: api, type: heartbeat, ttl: 1h, critical: true, failureThreshold: 1, component: shop}
          - {name: cache, type: heartbeat, ttl: 1h, failureThreshold: 1, component: infra}
        """);
    Files.writeString(
        dir.resolve("token.yaml"),
        "server: {port: 0, drain: 0s, token: "
            + TOKEN
            + "}\nstore: {enabled: false}\nchecks:\n"
            + "  - {name: api, type: heartbeat, ttl: 1h}\n");
    agent = AgentProcess.start(dir, "run", "--config", "agent.yaml");
    tokenAgent = AgentProcess.start(dir, "run", "--config", "token.yaml");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> agent.port().isPresent() && tokenAgent.port().isPresent());
    url = "http://127.0.0.1:" + agent.port().orElseThrow();
    beat("api", "ok");
    beat("cache", "ok");
  }

  @AfterAll
  void stop() throws IOException {
    for (AgentProcess p : new AgentProcess[] {agent, tokenAgent}) {
      if (p != null) {
        p.process.destroyForcibly();
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void beat(String check, String status) throws Exception {
    assertThat(
            agent.post("/api/heartbeat/" + check, "{\"status\":\"" + status + "\"}").statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                agent
                    .get("/health/checks/" + check)
                    .body()
                    .contains("\"status\":\"" + status + "\""));
  }

  private Run vigil(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> environment = pb.environment();
    environment.remove("VIGIL_TOKEN");
    environment.remove("VIGIL_URL");
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("VIGIL_CLASSPATH", System.getProperty("java.class.path"));
    environment.putAll(env);
    Process p = pb.start();
    CompletableFuture<byte[]> err =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return p.getErrorStream().readAllBytes();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, new String(err.get(), StandardCharsets.UTF_8));
  }

  private Run vigil(String... args) throws Exception {
    return vigil(Map.of(), args);
  }

  @Test
  void status_exitsLikeANagiosPlugin() throws Exception {
    Run healthy = vigil("status", "--url", url);
    assertThat(healthy.exit()).as(healthy.err()).isZero();
    assertThat(healthy.out())
        .startsWith("VIGIL OK - healthy: ")
        .contains("checks=3"); // api, cache and the store
    assertThat(healthy.out()).doesNotContain("\u001b[");

    beat("cache", "critical");
    Run degraded = vigil("status", "--url", url);
    assertThat(degraded.exit()).isEqualTo(1);
    assertThat(degraded.out())
        .startsWith("VIGIL WARNING - degraded: ")
        .containsPattern("(?m)^CHECK +STATUS +STATE +MESSAGE$")
        .containsPattern("(?m)^cache +CRITICAL +hard ");

    beat("api", "critical");
    Run unhealthy = vigil("status", "--url", url);
    assertThat(unhealthy.exit()).isEqualTo(2);
    assertThat(unhealthy.out()).startsWith("VIGIL CRITICAL - unhealthy: ");

    Run json = vigil("status", "--url", url, "--output", "json");
    assertThat(json.exit()).isEqualTo(2);
    assertThat(JSON.readTree(json.out()).path("checks").path("api").path("status").asText())
        .isEqualTo("critical");

    beat("api", "ok");
    beat("cache", "ok");
  }

  @Test
  void withNoAgent_saysHowToStartOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run status = vigil(Map.of("VIGIL_URL", "http://127.0.0.1:" + port), "status");
    assertThat(status.exit()).isEqualTo(3);
    assertThat(status.err().strip())
        .isEqualTo("vigil: no agent at http://127.0.0.1:" + port + ": start one with ./vigil run");
    assertThat(status.out()).isEmpty();
  }

  @Test
  void checks_asATable_andYaml() throws Exception {
    Run table = vigil("checks", "--url", url, "--component", "shop");
    assertThat(table.exit()).isZero();
    assertThat(table.out())
        .containsPattern("(?m)^CHECK +STATUS +STATE +COMPONENT +AGE +LATENCY +MESSAGE$")
        .containsPattern("(?m)^api +OK +hard +shop ")
        .doesNotContain("cache");

    Run yaml = vigil("checks", "--url", url, "-o", "yaml", "--status", "ok");
    assertThat(yaml.out()).contains("api:", "cache:", "status: \"ok\"");
  }

  @Test
  void check_showsOrRunsOne_andExitsWithItsStatus() throws Exception {
    Run show = vigil("check", "cache", "--url", url);
    assertThat(show.exit()).isZero();
    assertThat(show.out()).containsPattern("(?m)^status +OK$").contains("component", "infra");

    Run run = vigil("check", "api", "--run", "--url", url, "-o", "json");
    assertThat(run.exit()).isZero();
    assertThat(JSON.readTree(run.out()).path("status").asText()).isEqualTo("ok");

    Run unknown = vigil("check", "nope", "--url", url);
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err().strip()).isEqualTo("vigil: check nope: no check named 'nope'");

    Run history = vigil("history", "api", "--since", "1h", "--url", url);
    assertThat(history.exit()).isZero();
    assertThat(history.out()).startsWith("api since 1h: uptime ");
  }

  @Test
  void token_fromTheEnvironmentOrTheConfigFile() throws Exception {
    String tokenUrl = "http://127.0.0.1:" + tokenAgent.port().orElseThrow();
    Run without = vigil("status", "--url", tokenUrl);
    assertThat(without.exit()).as("the status alone needs no token, as /health").isIn(0, 1, 2);
    assertThat(without.out()).startsWith("VIGIL ").contains("details need the token");
    Run checksWithout = vigil("checks", "--url", tokenUrl);
    assertThat(checksWithout.exit()).isEqualTo(1);
    assertThat(checksWithout.err()).contains("needs its token: set VIGIL_TOKEN");

    Run env = vigil(Map.of("VIGIL_TOKEN", TOKEN), "checks", "--url", tokenUrl);
    assertThat(env.exit()).as(env.err()).isZero();
    assertThat(env.out()).contains("api");

    Run config = vigil("checks", "--url", tokenUrl, "--config", "token.yaml");
    assertThat(config.exit()).as(config.err()).isZero();

    Run wrong = vigil(Map.of("VIGIL_TOKEN", "wrong"), "checks", "--url", tokenUrl);
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err()).contains("refused the token");
    for (Run r : List.of(without, checksWithout, env, config, wrong)) {
      assertThat(r.out() + r.err()).doesNotContain(TOKEN);
    }
  }

  @Test
  void tasks_silences_nodes_andQuarantine() throws Exception {
    Run submit = vigil("tasks", "submit", "health_check", "--url", url);
    assertThat(submit.exit()).as(submit.err()).isZero();
    assertThat(submit.out()).matches("task \\d+ queued\\s*");
    String id = submit.out().replaceAll("\\D", "");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                vigil("tasks", "get", id, "--url", url).out().matches("(?s).*status +SUCCEEDED.*"));

    Run silence =
        vigil(
            "silence",
            "add",
            "--check",
            "api",
            "--comment",
            "deploy",
            "--duration",
            "1h",
            "--output",
            "json",
            "--url",
            url);
    assertThat(silence.exit()).as(silence.err()).isZero();
    String silenceId = JSON.readTree(silence.out()).path("id").asText();
    assertThat(silenceId).isNotEmpty();
    Run listed = vigil("silence", "list", "--url", url);
    assertThat(listed.exit()).as(listed.err()).isZero();
    assertThat(listed.out()).contains("check=api", "deploy");
    Run expired = vigil("silence", "expire", silenceId, "--output", "json", "--url", url);
    assertThat(expired.exit()).as(expired.err()).isZero();
    assertThat(JSON.readTree(expired.out()).path("state").asText()).isEqualTo("expired");
    Run unknown = vigil("silence", "expire", "no-such-silence", "--url", url);
    assertThat(unknown.exit()).isEqualTo(1);
    Run nodes = vigil("nodes", "--url", url);
    assertThat(nodes.exit()).isEqualTo(1);
    assertThat(nodes.err()).contains("runs no cluster");
    Run lift = vigil("quarantine", "lift", "api", "--url", url);
    assertThat(lift.exit()).isEqualTo(1);
    assertThat(lift.err()).contains("lift api: no check named 'api' has a recovery ladder");
  }

  @Test
  void validate_andCompletion_needNoAgent() throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "checks:\n  - {name: x, type: tcp, port: 99999}\n");
    Run bad = vigil("validate", "bad.yaml");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("checks[0]");
    Run good = vigil("validate", "agent.yaml");
    assertThat(good.exit()).isZero();
    assertThat(good.out()).contains("agent.yaml: valid, 2 checks");

    Run completion = vigil("completion");
    assertThat(completion.exit()).isZero();
    assertThat(completion.out()).contains("complete -F", "status", "silence", "quarantine");
  }
}
