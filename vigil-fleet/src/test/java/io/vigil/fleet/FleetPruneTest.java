package io.vigil.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.fleet.Fence.Grant;
import io.vigil.fleet.internal.Pruner.Pruned;
import java.sql.SQLException;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetPruneTest {

  private final FleetDb db = new FleetDb();

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void theFirstRenewalDeletesOldActionsAndAgentsGoneForThreeDaysOfItsOwnFleetOnly()
      throws SQLException {
    action(FleetDb.FLEET, "old", 8, false);
    action(FleetDb.FLEET, "recent", 6, false);
    action(FleetDb.FLEET, "restarted", 30, true); // no restart window known yet: kept
    action("other", "old", 8, false);
    agent(FleetDb.FLEET, "gone", 4);
    agent(FleetDb.FLEET, "left", 2);
    agent("other", "gone", 4);

    Fleet fleet = db.start("a");

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> count("fleet_actions", FleetDb.FLEET, "target = 'old'") == 0);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> count("fleet_agents", FleetDb.FLEET, "agent = 'gone'") == 0);
    assertThat(count("fleet_actions", FleetDb.FLEET, "target = 'recent'")).isEqualTo(1);
    assertThat(count("fleet_actions", FleetDb.FLEET, "target = 'restarted'")).isEqualTo(1);
    assertThat(count("fleet_actions", "other", "true")).isEqualTo(1);
    assertThat(count("fleet_agents", FleetDb.FLEET, "agent = 'left'")).isEqualTo(1);
    assertThat(count("fleet_agents", "other", "true")).isEqualTo(1);
    assertThat(fleet.agents()).extracting(FleetAgent::id).containsExactly("a", "left");
    assertThat(fleet.pruneNow()).isEqualTo(new Pruned(0, 0));
  }

  @Test
  void restartsAreKeptTwiceTheLongestRestartWindowCounted() throws SQLException {
    Fleet fleet = db.start("a");
    await().atMost(Duration.ofSeconds(5)).until(() -> fleet.owned().size() == 1024);
    String check =
        IntStream.range(0, 10_000)
            .mapToObj(i -> "check-" + i)
            .filter(fleet::owns)
            .findFirst()
            .orElseThrow();
    assertThat(fleet.fence().recovery("web", check, "restart", true, 3, Duration.ofDays(15)))
        .isInstanceOf(Grant.Granted.class);
    action(FleetDb.FLEET, "web", 20, true);
    action(FleetDb.FLEET, "web", 31, true);

    fleet.pruneNow(); // the automatic first pass may have run meanwhile: the rows left tell
    assertThat(count("fleet_actions", FleetDb.FLEET, "target = 'web'")).isEqualTo(2);
    assertThat(count("fleet_actions", FleetDb.FLEET, "at < now() - interval '30 days'")).isZero();
  }

  @Test
  void aRestartWindowToldAtStartCountsBeforeAnyRestart() throws SQLException {
    Fleet fleet = db.start("a");
    fleet.restartWindow(Duration.ofDays(10));
    action(FleetDb.FLEET, "web", 15, true);
    action(FleetDb.FLEET, "web", 21, true);

    fleet.pruneNow();
    assertThat(count("fleet_actions", FleetDb.FLEET, "target = 'web'")).isEqualTo(1);
    assertThat(count("fleet_actions", FleetDb.FLEET, "at < now() - interval '20 days'")).isZero();
  }

  private void action(String fleet, String target, int daysAgo, boolean restart) {
    db.update(
        "INSERT INTO fleet_actions (fleet, target, check_name, kind, step, restart, epoch, agent,"
            + " at) VALUES (?, ?, 'c', 'recovery', 'restart', ?, 1, 'x',"
            + " now() - make_interval(days => ?))",
        fleet,
        target,
        restart,
        daysAgo);
  }

  private void agent(String fleet, String agent, int expiredDaysAgo) {
    db.update(
        "INSERT INTO fleet_agents (fleet, agent, session, address, version, started_at,"
            + " renewed_at, expires_at) VALUES (?, ?, 's', 'h:1', '1',"
            + " now() - make_interval(days => 30), now() - make_interval(days => ?),"
            + " now() - make_interval(days => ?))",
        fleet,
        agent,
        expiredDaysAgo,
        expiredDaysAgo);
  }

  private long count(String table, String fleet, String where) {
    return db.query("SELECT count(*) FROM " + table + " WHERE fleet = ? AND " + where, fleet);
  }
}
