package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.testing.Tools;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster acceptance with real processes, times measured and printed ({@code cluster-bench:}
 * lines, recorded in docs/benchmarks.md): {@code examples/cluster.yaml} as a user runs it (probe
 * detector, five python nodes the agent supervises), and five heartbeat senders (500 ms) against an
 * agent that is itself SIGSTOPped.
 */
class ClusterProcessTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Duration REBALANCE_AFTER = Duration.ofSeconds(3);

  /**
   * A heartbeat sender: POSTs every 500 ms on the clock (not 500 ms after the last answer), on a
   * kept-alive connection; ignores failures (the agent may be stopped) and starts over after them.
   */
  private static final String SENDER =
      """
      import sys, time, http.client, urllib.parse
      url = urllib.parse.urlsplit(sys.argv[1])
      conn = None
      due = time.monotonic()
      while True:
          try:
              if conn is None:
                  conn = http.client.HTTPConnection(url.hostname, url.port, timeout=1)
              conn.request("POST", url.path, body=b"")
              conn.getresponse().read()
          except Exception:
              if conn is not None:
                  conn.close()
              conn = None
          due += 0.5
          now = time.monotonic()
          if due < now:
              due = now
          time.sleep(due - now)
      """;

  @TempDir Path dir;

  private ClusterAgent cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void report(String what, Duration took) {
    System.out.printf("cluster-bench: %s %d ms%n", what, took.toMillis());
  }

  private static String replace(String text, String from, String to) {
    assertThat(text).as("the example still has '%s'", from).contains(from);
    return text.replace(from, to);
  }

  @Test
  @Timeout(180)
  void theExampleFailsANodeOverAndTakesItBackAfterRebalanceAfter() throws Exception {
    Tools.require("python3", "python3");
    Map<String, Integer> ports = startExample();
    Map<Integer, List<String>> initial = ClusterAgent.copies(cluster.routing());
    long epoch = cluster.routing().get("epoch").asLong();

    ClusterAgent.signal(cluster.pid("node3"), "KILL");
    Duration dead =
        ClusterAgent.measure(() -> "dead".equals(cluster.state("node3")), Duration.ofSeconds(15));
    report("probe detector: kill -9 -> dead", dead);
    assertThat(dead).as("seed 003: within 10 s").isLessThanOrEqualTo(Duration.ofSeconds(10));
    Duration moved =
        dead.plus(
            ClusterAgent.measure(
                () ->
                    ClusterAgent.copies(cluster.routing()).values().stream()
                        .noneMatch(c -> c.contains("node3")),
                Duration.ofSeconds(5)));
    report("probe detector: kill -9 -> shards reassigned", moved);
    assertThat(cluster.routing().get("epoch").asLong()).isGreaterThan(epoch);
    Map<Integer, List<String>> failover = ClusterAgent.copies(cluster.routing());
    initial.forEach(
        (shard, copies) -> {
          if (!copies.contains("node3")) {
            assertThat(failover.get(shard))
                .as("shard %d did not hold node3", shard)
                .isEqualTo(copies);
          }
        });

    cluster.spawn(
        "python3", "-m", "http.server", String.valueOf(ports.get("node3")), "--bind", "127.0.0.1");
    Duration healthy =
        ClusterAgent.measure(
            () -> "healthy".equals(cluster.state("node3")), Duration.ofSeconds(15));
    report("probe detector: restarted -> healthy", healthy);
    Duration back =
        ClusterAgent.measure(
            () -> ClusterAgent.copies(cluster.routing()).equals(initial), Duration.ofSeconds(15));
    report("probe detector: healthy -> shards back (rebalanceAfter 3 s)", back);
    assertThat(back)
        .as("not before rebalanceAfter")
        .isGreaterThanOrEqualTo(REBALANCE_AFTER.minusMillis(500));
    assertThat(cluster.lines("event=cluster_node node=node3 from=suspect to=dead")).isEqualTo(1);
    assertEndpointsShowTheCluster();
  }

  /** Starts the agent on the example, with free ports and directories of its own; its ports. */
  private Map<String, Integer> startExample() throws Exception {
    Path state = dir.resolve("vigil-state");
    String yaml = Files.readString(ROOT.resolve("examples/cluster.yaml"));
    yaml = replace(yaml, "port: 8080", "port: 0");
    yaml = replace(yaml, "directory: vigil-state", "directory: " + state);
    yaml = replace(yaml, "directory: examples", "directory: " + dir);
    yaml =
        replace(
            yaml, "rebalanceAfter: 60s", "rebalanceAfter: " + REBALANCE_AFTER.toSeconds() + "s");
    Map<String, Integer> ports = new HashMap<>();
    for (int i = 1; i <= 5; i++) {
      int port = freePort();
      ports.put("node" + i, port);
      yaml = replace(yaml, "910" + i, String.valueOf(port));
    }
    Path config = dir.resolve("cluster.yaml");
    Files.writeString(config, yaml);
    cluster = ClusterAgent.prepare(dir, state);
    cluster.run(config);
    ClusterAgent.measure(
        () ->
            cluster.states().values().stream().allMatch("healthy"::equals)
                && cluster.routing().get("epoch").asLong() == 1,
        Duration.ofSeconds(30));
    return ports;
  }

  private void assertEndpointsShowTheCluster() throws Exception {
    assertThat(cluster.agent.get("/health/components").body()).contains("\"cluster\"");
    assertThat(cluster.agent.get("/metrics").body())
        .contains("vigil_cluster_nodes{state=\"healthy\"} 5.0")
        .contains("vigil_cluster_routing_epoch")
        .containsPattern("vigil_cluster_shard_moves_total [1-9]")
        .contains("vigil_cluster_phi{node=\"node1\"}");
    assertThat(cluster.agent.get("/diagnostics").body())
        .contains("\"cluster\":{\"detector\":{\"type\":\"probe\"");
  }

  @Test
  @Timeout(180)
  void heartbeatsDetectKilledAndHungNodesAPausedAgentKillsNobodyAndAMassDeathBrakes()
      throws Exception {
    Tools.require("python3", "python3");
    int port = freePort();
    Map<String, Process> senders = startHeartbeatCluster(port);

    senders.get("n1").destroyForcibly(); // SIGKILL
    Duration killed =
        ClusterAgent.measure(() -> "dead".equals(cluster.state("n1")), Duration.ofSeconds(10));
    report("heartbeat detector (500 ms): kill -9 -> dead", killed);
    assertThat(killed).isLessThanOrEqualTo(Duration.ofSeconds(2));

    ClusterAgent.signal(senders.get("n2").pid(), "STOP");
    Duration hung =
        ClusterAgent.measure(() -> "dead".equals(cluster.state("n2")), Duration.ofSeconds(15));
    report("heartbeat detector (500 ms): SIGSTOP -> dead", hung);
    assertThat(hung).isLessThanOrEqualTo(Duration.ofSeconds(7));
    ClusterAgent.signal(senders.get("n2").pid(), "CONT");
    senders.put("n1", sender(port, "n1"));
    ClusterAgent.measure(
        () -> cluster.states().values().stream().allMatch("healthy"::equals),
        Duration.ofSeconds(10));

    pauseTheAgentForEightSeconds();
    killThreeAtOnce(senders);
  }

  /** The agent with five heartbeat senders, started first: they beat from its first moment. */
  private Map<String, Process> startHeartbeatCluster(int port) throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            """
            cluster:
              detector: heartbeat
              heartbeatInterval: 500ms
              acceptableHeartbeatPause: 500ms
              minStdDeviation: 50ms
              hookUrl: "http://hook:CanaryHook1@127.0.0.1:9/routing"
              phiThreshold: 8
              shards: 64
              replicationFactor: 2
              nodes:
            """);
    for (int i = 1; i <= 5; i++) {
      yaml.append("    - { id: n")
          .append(i)
          .append(", address: \"127.0.0.1:1\", zone: z")
          .append(i % 3)
          .append(" }\n");
    }
    Path config = dir.resolve("heartbeat.yaml");
    Files.writeString(config, yaml.toString());
    cluster = ClusterAgent.prepare(dir, dir.resolve("vigil-state"));
    Map<String, Process> senders = new HashMap<>();
    for (int i = 1; i <= 5; i++) {
      senders.put("n" + i, sender(port, "n" + i));
    }
    cluster.run(config, "--port", String.valueOf(port));
    ClusterAgent.measure(
        () ->
            cluster.states().values().stream().allMatch("healthy"::equals)
                && cluster.routing().get("epoch").asLong() >= 1,
        Duration.ofSeconds(30));
    settle(Duration.ofSeconds(3)); // a few intervals of history beyond the first estimate
    return senders;
  }

  /** SIGSTOP of the agent for 8 s, SIGCONT, three seconds of watching: nobody dies. */
  private void pauseTheAgentForEightSeconds() throws Exception {
    long deathsBefore = cluster.lines("to=dead");
    long agentPid = cluster.agent.process.pid();
    ClusterAgent.signal(agentPid, "STOP");
    settle(Duration.ofSeconds(8));
    ClusterAgent.signal(agentPid, "CONT");
    long resumed = System.nanoTime();
    ClusterAgent.measure(
        () -> cluster.lines("event=cluster_monitor_paused") >= 1, Duration.ofSeconds(10));
    List<String> seen = new ArrayList<>();
    ClusterAgent.measure(
        () -> {
          seen.addAll(cluster.states().values());
          return System.nanoTime() - resumed >= Duration.ofSeconds(3).toNanos();
        },
        Duration.ofSeconds(20));
    assertThat(seen).doesNotContain("dead");
    assertThat(cluster.lines("to=dead"))
        .as("agent paused 8 s: deaths declared; the cluster log:%n%s", clusterLog())
        .isEqualTo(deathsBefore);
    System.out.println(
        "cluster-bench: agent SIGSTOPped 8 s, resumed: 0 nodes declared dead; "
            + cluster.agent.lines.stream()
                .filter(l -> l.contains("cluster_monitor_paused"))
                .findFirst()
                .orElseThrow());
  }

  /** 3 of 5 at once: the brake, the same epoch, one event; and the hook's secret stays inside. */
  private void killThreeAtOnce(Map<String, Process> senders) throws Exception {
    long epoch = cluster.routing().get("epoch").asLong();
    for (String node : List.of("n3", "n4", "n5")) {
      senders.get(node).destroyForcibly();
    }
    Duration braked =
        ClusterAgent.measure(
            () -> cluster.nodesJson().get("brake").asBoolean(), Duration.ofSeconds(10));
    report("heartbeat detector: 3 of 5 killed at once -> brake engaged", braked);
    JsonNode frozen = cluster.routing();
    assertThat(frozen.get("frozen").asBoolean()).isTrue();
    assertThat(frozen.get("epoch").asLong())
        .as("no failover of the three; the cluster log:%n%s", clusterLog())
        .isEqualTo(epoch);
    settle(Duration.ofSeconds(3));
    assertThat(cluster.routing().get("epoch").asLong()).isEqualTo(epoch);
    assertThat(cluster.states().values().stream().filter("dead"::equals).count()).isEqualTo(3);
    assertThat(cluster.lines("event=cluster_partitioned"))
        .as("one event; the cluster log:%n%s", clusterLog())
        .isEqualTo(1);
    String exits =
        cluster.agent.output()
            + cluster.agent.get("/diagnostics").body()
            + cluster.nodesJson()
            + cluster.agent.get("/metrics").body();
    assertThat(exits).contains("\"hook\":{\"url\":\"http://hook:").doesNotContain("CanaryHook1");
    assertThat(cluster.lines("event=routing_hook_failed")).isPositive();
  }

  /** Lets {@code time} pass while the cluster runs. */
  private static void settle(Duration time) {
    long t0 = System.nanoTime();
    ClusterAgent.measure(() -> System.nanoTime() - t0 >= time.toNanos(), time.plusSeconds(10));
  }

  private String clusterLog() {
    return String.join(
        "\n", cluster.agent.lines.stream().filter(l -> l.contains("event=cluster")).toList());
  }

  private Process sender(int port, String node) throws Exception {
    return cluster.spawn(
        "python3", "-c", SENDER, "http://127.0.0.1:" + port + "/api/cluster/heartbeat/" + node);
  }
}
