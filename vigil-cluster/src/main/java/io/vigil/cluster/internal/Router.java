package io.vigil.cluster.internal;

import io.vigil.cluster.ClusterEvent;
import io.vigil.cluster.ClusterSettings;
import io.vigil.cluster.NodeState;
import io.vigil.cluster.RoutingTable;
import io.vigil.cluster.RoutingTable.ShardRoute;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The routing table and its changes. One {@link #step} per wake-up: the brake; the first table once
 * every node has a verdict; then failover (shards of nodes dead for {@code failoverDelay}, five
 * times as long while another node is suspect, or gone, get new copies at once, an existing copy
 * promoted); then, when nothing failed over, rebalancing towards the ideal placement over the
 * eligible nodes (up for {@code rebalanceAfter}, there from the start, or holding copies already),
 * at most {@code maxMovesPerMinute} copies a minute. Every change is one new table with the next
 * epoch. Under the engine's lock.
 */
final class Router {

  /** The first table is made at the latest this long after the start, verdicts or not. */
  static final Duration FIRST_TABLE_WAIT = Duration.ofSeconds(30);

  private static final long MINUTE = Duration.ofMinutes(1).toNanos();

  /** How many times the failover delay a dead node waits while another node is suspect. */
  static final int SUSPECT_HOLD = 5;

  private final ClusterSettings settings;
  private final long firstTableBy;
  private final ArrayDeque<long[]> recentMoves = new ArrayDeque<>();
  private RoutingTable table;
  private boolean built;
  private boolean brake;
  private long moves;
  private List<Placement.Candidate> idealOver = List.of();
  private Quiet quiet;
  private long holdersEpoch = -1;
  private Set<String> holders = Set.of();
  private long intactEpoch = -1;
  private Set<String> intactHolding = Set.of();
  private final Map<Integer, List<String>> ideals = new HashMap<>();

  Router(ClusterSettings settings, long now, Instant wall, long firstEpoch) {
    this.settings = settings;
    this.firstTableBy = now + FIRST_TABLE_WAIT.toNanos();
    this.table = RoutingTable.empty(firstEpoch, wall);
  }

  RoutingTable table() {
    return table;
  }

  boolean brake() {
    return brake;
  }

  long moves() {
    return moves;
  }

  /** One placement pass; appends its events; true when a new table was made. */
  boolean step(long now, Instant wall, Collection<NodeRecord> nodes, List<ClusterEvent> events) {
    if (brake(now, wall, nodes, events)) {
      return false; // no first table either: it would be made of the few nodes still seen
    }
    if (!built) {
      return first(now, wall, nodes, events);
    }
    Nodes view = new Nodes(nodes, now);
    Map<Integer, List<String>> changes = failover(view);
    String cause = "failover";
    if (changes.isEmpty()) {
      changes = rebalance(view, now);
      cause = "rebalance";
    }
    if (changes.isEmpty()) {
      return false;
    }
    publish(changes, cause, wall, events);
    return true;
  }

  private boolean first(
      long now, Instant wall, Collection<NodeRecord> nodes, List<ClusterEvent> events) {
    boolean waiting = nodes.stream().anyMatch(n -> n.state == NodeState.JOINING);
    List<NodeRecord> live = nodes.stream().filter(n -> n.state.live()).toList();
    if (live.isEmpty() || (waiting && now < firstTableBy)) {
      return false;
    }
    live.forEach(n -> n.founding = true);
    List<Placement.Candidate> candidates = live.stream().map(Router::candidate).toList();
    List<ShardRoute> routes = new ArrayList<>(settings.shards());
    for (int shard = 0; shard < settings.shards(); shard++) {
      routes.add(route(shard, Placement.ideal(shard, candidates, settings.replicationFactor())));
    }
    table = new RoutingTable(table.epoch() + 1, false, wall, routes);
    built = true;
    events.add(new ClusterEvent.RoutingChanged(table.epoch(), 0, "initial", wall));
    return true;
  }

  /** Engages or releases the brake; true while it holds. */
  private boolean brake(
      long now, Instant wall, Collection<NodeRecord> nodes, List<ClusterEvent> events) {
    int members = 0;
    int deadNow = 0;
    int deadInWindow = 0;
    List<String> dead = new ArrayList<>();
    for (NodeRecord n : nodes) {
      if (n.state == NodeState.LEFT) {
        continue;
      }
      members++;
      if (n.state == NodeState.DEAD) {
        deadNow++;
        dead.add(n.id());
        if (now - n.deadSince <= settings.brakeWindow().toNanos()) {
          deadInWindow++;
        }
      }
    }
    double limit = settings.unhealthyThreshold() * members;
    if (!brake && deadInWindow > limit) {
      brake = true;
      table = table.withFrozen(true);
      events.add(new ClusterEvent.Partitioned(dead, members, wall));
    } else if (brake && deadNow <= limit) {
      brake = false;
      table = table.withFrozen(false);
      events.add(new ClusterEvent.PartitionHealed(wall));
    }
    return brake;
  }

  /** New copies for every shard that has copies on nodes gone (left, or dead long enough). */
  private Map<Integer, List<String>> failover(Nodes view) {
    Map<Integer, List<String>> changes = new LinkedHashMap<>();
    if (table.epoch() == intactEpoch && view.holding.keySet().equals(intactHolding)) {
      return changes; // the same nodes hold the same table: nothing lost since
    }
    for (ShardRoute route : table.shards()) {
      List<String> copies = route.copies();
      List<String> kept = copies.stream().filter(view.holding::containsKey).toList();
      if (kept.size() == copies.size()) {
        continue;
      }
      int shard = route.shard();
      List<Placement.Candidate> keep = Placement.rank(shard, view.candidates(kept));
      int r = settings.replicationFactor();
      List<String> next = Placement.place(keep, Placement.rank(shard, view.eligible), r);
      if (next.stream().noneMatch(view.live::containsKey)) {
        next = Placement.place(keep, Placement.rank(shard, view.live()), r);
      }
      if (next.isEmpty()) {
        continue; // no node to take it: the last owners stay, better than none
      }
      changes.put(shard, withPrimary(next, route.primary(), view));
    }
    if (changes.isEmpty()) {
      intactEpoch = table.epoch();
      intactHolding = Set.copyOf(view.holding.keySet());
    }
    return changes;
  }

  /** The old primary if it stays, else the best live copy, else the first. */
  private static List<String> withPrimary(List<String> copies, Optional<String> old, Nodes view) {
    String primary =
        old.filter(copies::contains)
            .or(() -> copies.stream().filter(view.live::containsKey).findFirst())
            .orElse(copies.getFirst());
    List<String> ordered = new ArrayList<>(copies);
    ordered.remove(primary);
    ordered.addFirst(primary);
    return ordered;
  }

  /** Shards whose copies differ from the ideal over the eligible nodes, within the move budget. */
  private Map<Integer, List<String>> rebalance(Nodes view, long now) {
    Map<Integer, List<String>> changes = new LinkedHashMap<>();
    while (!recentMoves.isEmpty() && now - recentMoves.peekFirst()[0] >= MINUTE) {
      recentMoves.removeFirst();
    }
    Quiet key = new Quiet(table.epoch(), view.eligible, view.live.keySet());
    if (key.equals(quiet)) {
      return changes; // nothing changed since a pass that found nothing to do
    }
    int max = settings.maxMovesPerMinute();
    int budget = max - recentMoves.stream().mapToInt(m -> (int) m[1]).sum();
    boolean limited = false;
    for (ShardRoute route : table.shards()) {
      if (budget <= 0) {
        break;
      }
      List<String> copies = route.copies();
      if (!copies.stream().allMatch(view.live::containsKey)) {
        continue; // a failover is pending, or nothing is live
      }
      List<String> ideal = ideal(route.shard(), view.eligible);
      if (ideal.isEmpty() || new HashSet<>(ideal).equals(new HashSet<>(copies))) {
        continue;
      }
      int cost = relocations(copies, ideal);
      if (cost > budget && budget < max) {
        limited = true;
        break; // wait for the window to clear
      }
      budget -= cost;
      recentMoves.addLast(new long[] {now, cost});
      changes.put(route.shard(), ideal);
    }
    if (changes.isEmpty() && !limited && budget > 0) {
      quiet = new Quiet(key.epoch(), List.copyOf(key.eligible()), Set.copyOf(key.live()));
    }
    return changes;
  }

  /** The nodes holding copies in the current table. */
  private Set<String> holders() {
    if (holdersEpoch != table.epoch()) {
      holdersEpoch = table.epoch();
      holders = Views.counts(table).keySet();
    }
    return holders;
  }

  /** The ideal copies over {@code eligible}, computed again only when those nodes change. */
  private List<String> ideal(int shard, List<Placement.Candidate> eligible) {
    if (!eligible.equals(idealOver)) {
      idealOver = List.copyOf(eligible);
      ideals.clear();
    }
    return ideals.computeIfAbsent(
        shard, s -> Placement.ideal(s, idealOver, settings.replicationFactor()));
  }

  private void publish(
      Map<Integer, List<String>> changes, String cause, Instant wall, List<ClusterEvent> events) {
    long epoch = table.epoch() + 1;
    List<ShardRoute> routes = new ArrayList<>(table.shards());
    int moved = 0;
    for (Map.Entry<Integer, List<String>> change : changes.entrySet()) {
      int shard = change.getKey();
      List<String> before = routes.get(shard).copies();
      List<String> after = change.getValue();
      routes.set(shard, route(shard, after));
      moved += movedEvents(shard, before, after, epoch, wall, events);
    }
    moves += moved;
    table = new RoutingTable(epoch, false, wall, routes);
    events.add(new ClusterEvent.RoutingChanged(epoch, moved, cause, wall));
  }

  /** A primary event when the primary changed, a copy event per copy that changed node. */
  private static int movedEvents(
      int shard,
      List<String> before,
      List<String> after,
      long epoch,
      Instant wall,
      List<ClusterEvent> events) {
    Optional<String> oldPrimary = before.stream().findFirst();
    Optional<String> newPrimary = after.stream().findFirst();
    if (!oldPrimary.equals(newPrimary)) {
      events.add(new ClusterEvent.ShardMoved(shard, oldPrimary, newPrimary, true, epoch, wall));
    }
    List<String> removed = before.stream().filter(n -> !after.contains(n)).toList();
    List<String> added = after.stream().filter(n -> !before.contains(n)).toList();
    int count = Math.max(removed.size(), added.size());
    for (int i = 0; i < count; i++) {
      events.add(
          new ClusterEvent.ShardMoved(
              shard,
              i < removed.size() ? Optional.of(removed.get(i)) : Optional.empty(),
              i < added.size() ? Optional.of(added.get(i)) : Optional.empty(),
              false,
              epoch,
              wall));
    }
    return count;
  }

  /** Copies that change node going from {@code before} to {@code after}; at least 1. */
  static int relocations(List<String> before, List<String> after) {
    long removed = before.stream().filter(n -> !after.contains(n)).count();
    long added = after.stream().filter(n -> !before.contains(n)).count();
    return (int) Math.max(1, Math.max(removed, added));
  }

  private static ShardRoute route(int shard, List<String> copies) {
    return copies.isEmpty()
        ? new ShardRoute(shard, Optional.empty(), List.of())
        : new ShardRoute(shard, Optional.of(copies.getFirst()), copies.subList(1, copies.size()));
  }

  private static Placement.Candidate candidate(NodeRecord n) {
    return new Placement.Candidate(n.id(), n.spec.zone(), n.spec.capacity());
  }

  /** What a rebalancing pass that found nothing to do saw; the same again finds nothing again. */
  private record Quiet(long epoch, List<Placement.Candidate> eligible, Set<String> live) {}

  /** The nodes as placement sees them at one moment. */
  private final class Nodes {
    /** Nodes that keep their copies: live, or dead for less than the failover delay. */
    final Map<String, NodeRecord> holding = new LinkedHashMap<>();

    final Map<String, NodeRecord> live = new LinkedHashMap<>();

    /**
     * Nodes shards may be placed on: live, and up for {@code rebalanceAfter}, there from the start,
     * or holding copies already (a node that was dead for a moment keeps its shards).
     */
    final List<Placement.Candidate> eligible = new ArrayList<>();

    Nodes(Collection<NodeRecord> nodes, long now) {
      // While another node is suspect, a dead one waits longer: they may be dying together, and
      // the brake should see them together.
      boolean suspects = nodes.stream().anyMatch(n -> n.state == NodeState.SUSPECT);
      long delay = settings.failoverDelay().toNanos() * (suspects ? SUSPECT_HOLD : 1);
      long after = settings.rebalanceAfter().toNanos();
      for (NodeRecord n : nodes) {
        if (n.state.live()) {
          live.put(n.id(), n);
          holding.put(n.id(), n);
          if (n.founding || now - n.liveSince >= after || holders().contains(n.id())) {
            eligible.add(candidate(n));
          }
        } else if (n.state == NodeState.DEAD && now - n.deadSince < delay) {
          holding.put(n.id(), n);
        }
      }
    }

    List<Placement.Candidate> live() {
      return live.values().stream().map(Router::candidate).toList();
    }

    List<Placement.Candidate> candidates(List<String> ids) {
      Set<String> wanted = Set.copyOf(ids);
      return holding.values().stream()
          .filter(n -> wanted.contains(n.id()))
          .map(Router::candidate)
          .toList();
    }
  }
}
