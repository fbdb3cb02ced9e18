package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.store.Engine;
import io.vigil.store.Store;
import io.vigil.store.StoreConfig;
import io.vigil.store.Transition;
import io.vigil.store.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent {@code kill -9}'d at random moments while it writes, on SQLite and on PostgreSQL: a
 * client enqueues tasks as fast as the API answers and flips a heartbeat check (a transition each
 * beat) while reading the check's stored history. After every kill the database opens cleanly
 * (SQLite: {@code PRAGMA integrity_check} too) and holds every task whose enqueue was acknowledged
 * (202) and every transition a reader was shown.
 */
class StoreCrashTest {

  /** Kills per engine; the issue asks 200 (run with -Dvigil.kills=200). */
  static final int KILLS = Integer.getInteger("vigil.kills", 3);

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** What the agent acknowledged over all runs: task ids, transition times (epoch ms). */
  private final Set<Long> tasks = ConcurrentHashMap.newKeySet();

  private final Set<Long> transitions = ConcurrentHashMap.newKeySet();

  @ParameterizedTest
  @EnumSource(Engine.class)
  @Timeout(3600)
  void everyAcknowledgedTaskAndTransitionSurvivesKill9(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, dir)) {
      Files.writeString(
          dir.resolve("vigil.yaml"),
          """
          checks: [{ name: beat, type: heartbeat, ttl: 1h, failureThreshold: 1 }]
          store: { url: "%s", %s worker: false }
          """
              .formatted(
                  db.url(),
                  engine == Engine.POSTGRESQL ? "user: " + TestDatabase.PG_USER + "," : ""));
      long started = System.nanoTime();
      for (int kill = 0; kill < KILLS; kill++) {
        runAndKill();
        assertIntact(db, kill);
      }
      assertThat(tasks).as("tasks acknowledged over %d kills", KILLS).isNotEmpty();
      assertThat(transitions).as("transitions shown over %d kills", KILLS).isNotEmpty();
      System.out.printf(
          "StoreCrashTest %s: kills=%d acknowledged_tasks=%d shown_transitions=%d seconds=%d%n",
          engine.id(),
          KILLS,
          tasks.size(),
          transitions.size(),
          Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }
  }

  /** Starts the agent, writes through it, kills it with SIGKILL at a random moment. */
  private void runAndKill() throws Exception {
    AgentProcess agent = AgentProcess.start(dir, "run", "--port", "0");
    try {
      await().atMost(Duration.ofSeconds(90)).until(() -> agent.port().isPresent());
      AtomicBoolean writing = new AtomicBoolean(true);
      int shownBefore = transitions.size();
      Thread client = Thread.ofVirtual().start(() -> write(agent, writing));
      // Once this run has shown a transition (written within the flush interval, 1 s), at a
      // random moment while the client keeps writing.
      await().atMost(Duration.ofSeconds(60)).until(() -> transitions.size() > shownBefore);
      Thread.sleep(ThreadLocalRandom.current().nextLong(0, 1000)); // a random moment
      agent.process.destroyForcibly(); // SIGKILL
      assertThat(agent.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      writing.set(false);
      client.join();
    } finally {
      agent.process.destroyForcibly();
    }
  }

  private void write(AgentProcess agent, AtomicBoolean writing) {
    boolean ok = false;
    try {
      while (writing.get()) {
        var r = agent.post("/api/tasks", "{\"type\": \"health_check\", \"payload\": {}}");
        if (r.statusCode() == 202) {
          tasks.add(JSON.readTree(r.body()).path("task_id").asLong());
        }
        ok = !ok;
        agent.post("/api/heartbeat/beat", "{\"status\": \"" + (ok ? "ok" : "critical") + "\"}");
        var h = agent.get("/health/checks/beat?since=1h");
        if (h.statusCode() == 200) {
          for (JsonNode t : JSON.readTree(h.body()).path("transitions")) {
            transitions.add(Instant.parse(t.path("at").asText()).toEpochMilli());
          }
        }
      }
    } catch (Exception e) {
      // the agent is gone
    }
  }

  private void assertIntact(TestDatabase db, int kill) throws Exception {
    if (db.engine() == Engine.SQLITE) {
      assertThat(integrity(db.url())).as("integrity after kill %d", kill).isEqualTo("ok");
    }
    StoreConfig config = db.config();
    try (Store store = Store.open(config)) {
      for (long id : tasks) {
        assertThat(store.tasks().get(id)).as("task %d after kill %d", id, kill).isPresent();
      }
      Set<Long> stored =
          store.history("beat", Instant.EPOCH, Instant.now().plusSeconds(60)).transitions().stream()
              .map(Transition::at)
              .map(Instant::toEpochMilli)
              .collect(java.util.stream.Collectors.toSet());
      assertThat(stored).as("transitions after kill %d", kill).containsAll(transitions);
    }
  }

  private static String integrity(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
