package io.vigil.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cluster.NodeSpec;
import io.vigil.cluster.NodeState;
import io.vigil.cluster.NodeView;
import io.vigil.cluster.RoutingTable;
import io.vigil.cluster.RoutingTable.ShardRoute;
import io.vigil.cluster.testing.FakeProber.Mode;
import io.vigil.cluster.testing.Sim;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random failure and return sequences on a fake clock, with fixed seeds: after every step each
 * shard has exactly one primary and distinct copies; once failover had its time, every copy is on a
 * live node (unless the brake holds or nothing is live); a single death moves exactly one copy of
 * each shard the dead node held and nothing else; once everything settled, the table is the ideal
 * placement over the live nodes.
 */
class PlacementPropertyTest {

  private static final int SEEDS = Integer.getInteger("vigil.cluster.seeds", 50);
  private static final int STEPS = 30;
  private static final Duration SETTLE = Duration.ofSeconds(12); // detection 7 s + failover 1 s
  private static final Duration REBALANCE = Duration.ofSeconds(60);

  @Test
  void randomFailureSequencesKeepOnePrimaryPerShardAndMoveMinimally() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      run(seed);
    }
    System.out.printf("placement property: %d seeds x %d steps held%n", SEEDS, STEPS);
  }

  private void run(long seed) {
    Random random = new Random(seed);
    int nodes = 4 + random.nextInt(4);
    int copies = 1 + random.nextInt(3);
    int zones = 1 + random.nextInt(3);
    var builder =
        Sim.builder().replicationFactor(copies).rebalanceAfter(REBALANCE).maxMovesPerMinute(1000);
    List<NodeSpec> specs = new ArrayList<>();
    for (int i = 0; i < nodes + 3; i++) {
      specs.add(
          NodeSpec.of("n" + i, "127.0.0.1:1")
              .withHealthUrl(URI.create("http://127.0.0.1:1/"))
              .withZone("z" + random.nextInt(zones))
              .withCapacity(1 + random.nextInt(3)));
    }
    specs.subList(0, nodes).forEach(builder::node);
    Sim sim = new Sim(builder);
    String context = "seed " + seed + " (" + nodes + " nodes, " + copies + " copies)";
    sim.until(() -> sim.monitor.routing().epoch() == 1, Duration.ofSeconds(2));
    for (int step = 0; step < STEPS; step++) {
      String action = act(sim, random, specs);
      String where = context + ", step " + step + ": " + action;
      sim.run(SETTLE);
      checkStructure(sim.monitor.routing(), copies, where);
      checkOwnersLive(sim, where);
    }
    sim.monitor.close();
  }

  /** One random change; a single kill in a settled cluster also checks minimal moves. */
  private String act(Sim sim, Random random, List<NodeSpec> specs) {
    List<String> live = ids(sim, true);
    List<String> down = new ArrayList<>(sim.in(NodeState.DEAD));
    int choice = random.nextInt(10);
    if (choice < 4 && live.size() > 1) {
      settle(sim);
      RoutingTable before = sim.monitor.routing();
      String victim = live.get(random.nextInt(live.size()));
      sim.prober.set(victim, Mode.REFUSED);
      sim.run(SETTLE);
      if (!sim.monitor.status().brake()) {
        checkMinimal(before, sim.monitor.routing(), victim, "kill " + victim);
      }
      return "kill " + victim;
    }
    if (choice < 5 && live.size() > 2) {
      List<String> victims = live.subList(0, 1 + random.nextInt(live.size() - 1));
      victims.forEach(v -> sim.prober.set(v, Mode.REFUSED));
      return "kill " + victims + " at once";
    }
    if (choice < 8 && !down.isEmpty()) {
      String back = down.get(random.nextInt(down.size()));
      sim.prober.set(back, Mode.UP);
      return "revive " + back;
    }
    if (choice < 9 && live.size() > 1) {
      String gone = live.get(random.nextInt(live.size()));
      sim.monitor.leave(gone);
      return "leave " + gone;
    }
    NodeSpec spec = specs.get(random.nextInt(specs.size()));
    boolean member =
        sim.monitor.node(spec.id()).map(n -> n.state() != NodeState.LEFT).orElse(false);
    if (member) {
      return "nothing";
    }
    sim.prober.set(spec.id(), Mode.UP);
    sim.monitor.join(spec);
    return "join " + spec.id();
  }

  /** Runs until nothing changes any more: rebalancing done. */
  private static void settle(Sim sim) {
    sim.run(REBALANCE.plus(SETTLE));
    long epoch = sim.monitor.routing().epoch();
    sim.run(Duration.ofSeconds(1));
    assertThat(sim.monitor.routing().epoch()).as("settled").isEqualTo(epoch);
    if (!sim.monitor.status().brake()) {
      checkIdeal(sim);
    }
  }

  private static List<String> ids(Sim sim, boolean live) {
    return sim.monitor.nodes().stream()
        .filter(n -> n.state().live() == live)
        .map(NodeView::id)
        .toList();
  }

  static void checkStructure(RoutingTable table, int copies, String where) {
    assertThat(table.shards()).as(where).hasSize(64);
    for (ShardRoute route : table.shards()) {
      assertThat(route.primary())
          .as("%s: shard %d has a primary", where, route.shard())
          .isPresent();
      assertThat(route.copies())
          .as("%s: shard %d", where, route.shard())
          .doesNotHaveDuplicates()
          .hasSizeLessThanOrEqualTo(copies);
    }
  }

  private static void checkOwnersLive(Sim sim, String where) {
    Set<String> live = new HashSet<>(ids(sim, true));
    if (sim.monitor.status().brake() || live.isEmpty()) {
      return;
    }
    for (ShardRoute route : sim.monitor.routing().shards()) {
      assertThat(live)
          .as("%s: the copies of shard %d are live", where, route.shard())
          .containsAll(route.copies());
    }
  }

  /**
   * Only the victim's shards changed, each by exactly one copy (when another node could take it).
   */
  private static void checkMinimal(
      RoutingTable before, RoutingTable after, String victim, String where) {
    for (int s = 0; s < 64; s++) {
      List<String> old = before.shards().get(s).copies();
      List<String> now = after.shards().get(s).copies();
      if (!old.contains(victim)) {
        assertThat(now).as("%s: shard %d untouched", where, s).isEqualTo(old);
        continue;
      }
      Set<String> kept = new HashSet<>(old);
      kept.remove(victim);
      assertThat(now).as("%s: shard %d keeps its other copies", where, s).containsAll(kept);
      assertThat(now).doesNotContain(victim);
      assertThat(now.size())
          .as("%s: shard %d gains at most one copy", where, s)
          .isLessThanOrEqualTo(old.size());
      if (!old.getFirst().equals(victim)) {
        assertThat(now.getFirst())
            .as("%s: shard %d keeps its primary", where, s)
            .isEqualTo(old.getFirst());
      } else if (old.size() > 1) {
        assertThat(old)
            .as("%s: shard %d promotes a copy it had", where, s)
            .contains(now.getFirst());
      }
    }
  }

  /** The table is the ideal placement over the live nodes. */
  private static void checkIdeal(Sim sim) {
    List<Placement.Candidate> live =
        sim.monitor.nodes().stream()
            .filter(n -> n.state().live())
            .map(n -> new Placement.Candidate(n.id(), n.spec().zone(), n.spec().capacity()))
            .toList();
    int copies = sim.monitor.settings().replicationFactor();
    for (ShardRoute route : sim.monitor.routing().shards()) {
      List<String> ideal = Placement.ideal(route.shard(), live, copies);
      assertThat(new HashSet<>(route.copies()))
          .as("shard %d converged to the ideal", route.shard())
          .isEqualTo(new HashSet<>(ideal));
    }
  }
}
