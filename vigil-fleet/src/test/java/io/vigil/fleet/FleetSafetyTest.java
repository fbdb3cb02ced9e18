package io.vigil.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetSafetyTest {

  private final FleetDb db = new FleetDb();

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void actingStopsBeforeTheLeaseCanExpireAndSaysWhy() {
    Fleet a = db.start("a");
    await().atMost(Duration.ofSeconds(5)).until(a::acting);
    a.freezeRenewals(true);
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> !a.acting());
    // by PostgreSQL's clock the lease still lives: the margin is left
    assertThat(
            db.query("SELECT count(*) FROM fleet_agents WHERE agent = 'a' AND expires_at > now()"))
        .isEqualTo(1);
    assertThat(a.notActing().orElseThrow()).startsWith("lease not renewed for 0.");
    assertThat(a.owns("anything")).isFalse();
    assertThat(a.stats().acting()).isFalse();
    Fence.Grant g =
        a.fence().recovery("web", "anything", "restart", true, 9, Duration.ofMinutes(1));
    assertThat(((Fence.Grant.Refused) g).reason()).startsWith("not acting: lease not renewed");

    // once the lease has surely run out, what it owned is dropped (listeners are told)
    await().atMost(Duration.ofSeconds(2)).until(() -> a.owned().isEmpty());
    a.freezeRenewals(false);
    await().atMost(Duration.ofSeconds(2)).until(() -> a.acting() && a.owned().size() == 1024);
  }

  @Test
  void noPartitionIsEverOwnedByTwoActingAgentsWhileAgentsComeAndGo() {
    Random random = new Random(14);
    String[] ids = {"a", "b", "c", "d"};
    Map<String, Fleet> running = new HashMap<>();
    running.put("a", db.start("a"));
    running.put("b", db.start("b"));
    int samples = 0;
    int compared = 0;
    long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
    while (System.nanoTime() < end) {
      String id = ids[random.nextInt(ids.length)];
      Fleet f = running.remove(id);
      if (f != null && running.size() >= 1) {
        f.close();
      } else if (f == null) {
        running.put(id, db.start(id));
      } else {
        running.put(id, f);
      }
      // sample for a while (each sample is a query, no sleeping)
      long phase = System.nanoTime() + Duration.ofMillis(150 + random.nextInt(400)).toNanos();
      while (System.nanoTime() < phase) {
        compared += assertDisjoint(new ArrayList<>(running.values()));
        assertThat(
                db.query(
                    "SELECT count(*) FROM fleet_partitions p JOIN fleet_agents a"
                        + " ON a.fleet = p.fleet AND a.agent = p.owner"
                        + " WHERE p.expires_at > now() AND a.expires_at <= now()"))
            .as("a partition lease outliving its owner's")
            .isZero();
        samples++;
      }
    }
    System.out.printf("%d samples, %d pairs of acting agents compared%n", samples, compared);
    assertThat(compared).isGreaterThan(100);
    List<Fleet> last = new ArrayList<>(running.values());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> last.stream().mapToInt(x -> x.owned().size()).sum() == 1024);
  }

  private static int assertDisjoint(List<Fleet> fleets) {
    int compared = 0;
    for (int i = 0; i < fleets.size(); i++) {
      for (int j = i + 1; j < fleets.size(); j++) {
        Fleet x = fleets.get(i);
        Fleet y = fleets.get(j);
        if (!(x.acting() && y.acting())) {
          continue;
        }
        Set<Integer> ox = x.owned();
        Set<Integer> oy = y.owned();
        if (x.acting() && y.acting()) {
          Set<Integer> both = new HashSet<>(ox);
          both.retainAll(oy);
          assertThat(both)
              .as("owned by both %s and %s", x.config().agentId(), y.config().agentId())
              .isEmpty();
          compared++;
        }
      }
    }
    return compared;
  }
}
