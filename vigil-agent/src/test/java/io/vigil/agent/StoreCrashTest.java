package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.store.Store;
import io.vigil.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent {@code kill -9}'d while it writes (history every second, tasks enqueued as fast as the
 * API answers): after every kill the SQLite file opens cleanly, passes SQLite's integrity check,
 * and holds every task whose enqueue was acknowledged (202).
 */
class StoreCrashTest {

  /** Kills per run; the issue asks 200 (run with -Dvigil.kills=200). */
  static final int KILLS = Integer.getInteger("vigil.kills", 20);

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  @Timeout(1800)
  void everyAcknowledgedTaskSurvivesKill9AndTheFileOpensCleanly() throws Exception {
    Files.writeString(
        dir.resolve("vigil.yaml"),
        "checks: [{ name: heap, type: jvm, interval: 1s }]\nstore: { worker: false }\n");
    Path db = dir.resolve("vigil-state/vigil.db");
    List<Long> acknowledged = new CopyOnWriteArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      AgentProcess agent = AgentProcess.start(dir, "run", "--port", "0");
      try {
        await().atMost(Duration.ofSeconds(90)).until(() -> agent.port().isPresent());
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread poster = Thread.ofVirtual().start(() -> post(agent, writing, acknowledged));
        Thread.sleep(ThreadLocalRandom.current().nextLong(100, 1500)); // a random moment
        agent.process.destroyForcibly(); // SIGKILL
        assertThat(agent.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        writing.set(false);
        poster.join();
      } finally {
        agent.process.destroyForcibly();
      }
      assertThat(integrity(db)).as("integrity after kill %d", kill).isEqualTo("ok");
      try (Store store = Store.open(StoreConfig.sqlite(db))) {
        for (long id : acknowledged) {
          assertThat(store.tasks().get(id)).as("task %d after kill %d", id, kill).isPresent();
        }
      }
    }
    assertThat(acknowledged).as("tasks acknowledged over %d kills", KILLS).isNotEmpty();
    System.out.printf("StoreCrashTest: kills=%d acknowledged=%d%n", KILLS, acknowledged.size());
    try (Store store = Store.open(StoreConfig.sqlite(db))) {
      assertThat(store.history("heap", Instant.EPOCH, Instant.now()).transitions()).isNotEmpty();
    }
  }

  private static void post(AgentProcess agent, AtomicBoolean writing, List<Long> acknowledged) {
    while (writing.get()) {
      try {
        var r = agent.post("/api/tasks", "{\"type\": \"health_check\", \"payload\": {}}");
        if (r.statusCode() == 202) {
          acknowledged.add(JSON.readTree(r.body()).path("task_id").asLong());
        }
      } catch (Exception e) {
        return; // the agent is gone
      }
    }
  }

  private static String integrity(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
