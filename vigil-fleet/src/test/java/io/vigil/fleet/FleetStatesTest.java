package io.vigil.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetStatesTest {

  private final FleetDb db = new FleetDb();

  @AfterEach
  void close() {
    db.close();
  }

  /** Waits until the two agents own half of the 1,024 partitions each. */
  private static void awaitHalves(Fleet a, Fleet b) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> a.owned().size() == 512 && b.owned().size() == 512);
  }

  @Test
  void ownersWriteTheirChecksInOneBatchAndEveryAgentReadsThemAll() {
    Fleet a = db.start("a");
    Fleet b = db.start("b");
    awaitHalves(a, b);
    Instant at = Instant.parse("2026-03-01T10:15:30.123456Z");
    List<String> checks = IntStream.range(0, 200).mapToObj(i -> "svc-" + i).toList();
    List<CheckState> mine = new ArrayList<>();
    List<CheckState> theirs = new ArrayList<>();
    for (String check : checks) {
      (a.owns(check) ? mine : theirs).add(States.of(check, "critical", 4, at));
    }
    assertThat(a.states().write(mine)).isEqualTo(mine.size());
    assertThat(b.states().write(theirs)).isEqualTo(theirs.size());
    // a writes states of checks it does not own: ignored, counted
    assertThat(a.states().write(theirs.subList(0, 5))).isZero();
    assertThat(a.stats().staleWritesRefused()).isEqualTo(5);
    assertThat(b.states().read(theirs.getFirst().check()).orElseThrow().owner()).isEqualTo("b");

    List<CheckState> all = b.states().all();
    assertThat(all).extracting(CheckState::check).containsExactlyInAnyOrderElementsOf(checks);
    CheckState row = a.states().read(mine.getFirst().check()).orElseThrow();
    assertThat(row.owner()).isEqualTo("a");
    assertThat(row.partition()).isEqualTo(a.partition(row.check()));
    assertThat(row.epoch()).isEqualTo(a.epoch(row.partition()).orElseThrow());
    assertThat(row.status()).isEqualTo("critical");
    assertThat(row.stateType()).isEqualTo("hard");
    assertThat(row.consecutiveFailures()).isEqualTo(4);
    assertThat(row.critical()).isTrue();
    assertThat(row.flapping()).isFalse();
    assertThat(row.component()).isEqualTo("db");
    assertThat(row.message()).isEqualTo("msg critical");
    assertThat(row.latencyMs()).isEqualTo(12);
    assertThat(row.resultAt()).isEqualTo(at.truncatedTo(ChronoUnit.MICROS));
    assertThat(row.lastChange()).isEqualTo(at);
    assertThat(row.writtenAt()).isAfter(Instant.now().minusSeconds(60));
    assertThat(a.states().read("no-such-check")).isEmpty();

    // an update: the last state of a check given twice wins
    String check = mine.getFirst().check();
    assertThat(
            a.states()
                .write(List.of(States.of(check, "warning", 0, at), States.of(check, "ok", 0, at))))
        .isEqualTo(1);
    assertThat(b.states().read(check).orElseThrow().status()).isEqualTo("ok");
  }

  /**
   * A check placed by a key (the agent's recovery target) lives in the key's partition for
   * ownership, stored states and fences alike: its owner writes and heals it, the other agent
   * cannot.
   */
  @Test
  void aCheckPlacedByAKeyIsOwnedWrittenAndFencedInTheKeysPartition() {
    Fleet a = db.start("a");
    Fleet b = db.start("b");
    awaitHalves(a, b);
    // a check whose own name falls in one agent's partitions and whose key in the other's
    String key = "target-0";
    String check =
        IntStream.range(0, 1000)
            .mapToObj(i -> "probe-" + i)
            .filter(n -> a.owns(n) != a.owns(key))
            .findFirst()
            .orElseThrow();
    a.place(Map.of(check, key));
    b.place(Map.of(check, key));
    Fleet owner = a.owns(key) ? a : b;
    Fleet other = owner == a ? b : a;

    assertThat(owner.owns(check)).isTrue();
    assertThat(other.owns(check)).isFalse();
    Instant at = Instant.parse("2026-03-01T10:15:30Z");
    assertThat(other.states().write(List.of(States.of(check, "critical", 1, at)))).isZero();
    assertThat(owner.states().write(List.of(States.of(check, "critical", 1, at)))).isEqualTo(1);
    assertThat(owner.states().read(check).orElseThrow().partition())
        .isEqualTo(Fleet.partition(key, 1024));
    assertThat(owner.fence().recovery(key, check, "restart", false, 3, Duration.ofMinutes(10)))
        .isInstanceOf(Fence.Grant.Granted.class);
    assertThat(other.fence().recovery(key, check, "restart", false, 3, Duration.ofMinutes(10)))
        .isInstanceOf(Fence.Grant.Refused.class);
  }

  @Test
  void aStaleOwnersRowsAreIgnoredAfterATakeover() {
    PausableTicker clock = new PausableTicker();
    Fleet a = db.start(FleetDb.config("a"), clock);
    await().atMost(Duration.ofSeconds(5)).until(() -> a.owned().size() == 1024);
    Fleet b = db.start("b");
    await().atMost(Duration.ofSeconds(5)).until(() -> b.owned().size() == 512);
    String check =
        IntStream.range(0, 1000).mapToObj(i -> "svc-" + i).filter(b::owns).findFirst().get();
    assertThat(b.states().write(List.of(States.of(check, "ok", 0, Instant.now())))).isEqualTo(1);
    clock.pause();
    b.freezeRenewals(true);
    b.close();
    // b is gone; a, stalled with a frozen clock, still lists its old partitions... none of b's
    a.freezeRenewals(true);
    assertThat(a.owns(check)).isFalse();
    assertThat(a.states().write(List.of(States.of(check, "critical", 1, Instant.now())))).isZero();
    clock.resume();
    a.freezeRenewals(false);
    await().atMost(Duration.ofSeconds(3)).until(() -> a.owns(check));
    assertThat(a.states().write(List.of(States.of(check, "critical", 1, Instant.now()))))
        .isEqualTo(1);
    CheckState row = a.states().read(check).orElseThrow();
    assertThat(row.owner()).isEqualTo("a");
    assertThat(row.status()).isEqualTo("critical");
  }
}
