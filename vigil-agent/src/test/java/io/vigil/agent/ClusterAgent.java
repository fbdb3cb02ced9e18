package io.vigil.agent;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A real agent process watching a cluster, for the process tests: its cluster API read as JSON,
 * measured waits, signals to processes, and a cleanup that leaves no process behind.
 */
final class ClusterAgent implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Path state;
  private final List<Process> extra = new ArrayList<>();
  AgentProcess agent;

  private ClusterAgent(Path dir, Path state) {
    this.dir = dir;
    this.state = state;
  }

  /** A harness in {@code dir}, the agent's data directory {@code state}; nothing runs yet. */
  static ClusterAgent prepare(Path dir, Path state) {
    return new ClusterAgent(dir, state);
  }

  /** Starts {@code vigil run --config CONFIG ARGS}; waits until it serves. */
  void run(Path config, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("run", "--config", config.toString()));
    all.addAll(List.of(args));
    agent = AgentProcess.start(dir, all.toArray(String[]::new));
    await().atMost(Duration.ofSeconds(60)).until(() -> agent.port().isPresent());
  }

  /** Starts a helper process (a node, a heartbeat sender) that {@link #close} kills. */
  Process spawn(String... command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    extra.add(p);
    return p;
  }

  JsonNode nodesJson() throws Exception {
    return JSON.readTree(agent.get("/api/cluster/nodes").body());
  }

  /** Node id → state. */
  Map<String, String> states() throws Exception {
    Map<String, String> states = new LinkedHashMap<>();
    nodesJson()
        .get("nodes")
        .forEach(n -> states.put(n.get("id").asText(), n.get("state").asText()));
    return states;
  }

  String state(String node) throws Exception {
    return states().get(node);
  }

  JsonNode routing() throws Exception {
    return JSON.readTree(agent.get("/api/cluster/routing").body());
  }

  /** Shard → copies (primary first), of a routing answer. */
  static Map<Integer, List<String>> copies(JsonNode routing) {
    Map<Integer, List<String>> copies = new LinkedHashMap<>();
    for (JsonNode shard : routing.get("shards")) {
      List<String> nodes = new ArrayList<>();
      if (!shard.get("primary").isNull()) {
        nodes.add(shard.get("primary").asText());
      }
      shard.get("replicas").forEach(r -> nodes.add(r.asText()));
      copies.put(shard.get("shard").asInt(), nodes);
    }
    return copies;
  }

  /** How long until {@code condition} held, polled every 20 ms; fails after {@code limit}. */
  static Duration measure(Callable<Boolean> condition, Duration limit) {
    long t0 = System.nanoTime();
    await()
        .atMost(limit)
        .pollInterval(Duration.ofMillis(20))
        .pollDelay(Duration.ZERO)
        .until(condition);
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** The pid a supervised program's pid file holds. */
  long pid(String program) throws Exception {
    return Long.parseLong(Files.readString(state.resolve("programs/" + program + ".pid")).strip());
  }

  static void signal(long pid, String signal) throws Exception {
    new ProcessBuilder("kill", "-" + signal, String.valueOf(pid))
        .start()
        .waitFor(10, TimeUnit.SECONDS);
  }

  /** Log lines of the agent that contain {@code part}. */
  long lines(String part) {
    return agent.lines.stream().filter(l -> l.contains(part)).count();
  }

  /** SIGTERM (the agent stops its supervised programs), then whatever is left is killed. */
  @Override
  public void close() throws Exception {
    extra.forEach(Process::destroyForcibly);
    if (agent != null) {
      ProcessHandle handle = agent.process.toHandle();
      signal(handle.pid(), "CONT");
      handle.destroy();
      if (!agent.process.waitFor(20, TimeUnit.SECONDS)) {
        agent.process.destroyForcibly();
      }
    }
    Path programs = state.resolve("programs");
    if (Files.isDirectory(programs)) {
      try (var files = Files.list(programs)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
          ProcessHandle.of(Long.parseLong(Files.readString(file).strip()))
              .filter(h -> h.info().commandLine().orElse("").contains("http.server"))
              .ifPresent(ProcessHandle::destroyForcibly); // a node the agent left running
        }
      }
    }
  }
}
