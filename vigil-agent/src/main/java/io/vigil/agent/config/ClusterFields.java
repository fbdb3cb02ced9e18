package io.vigil.agent.config;

import io.vigil.checks.CheckSettings;
import io.vigil.cluster.ClusterSettings;
import io.vigil.cluster.DetectorSettings;
import io.vigil.cluster.NodeSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code cluster} section ({@link ClusterNodeFields} for each of its {@code nodes}). */
final class ClusterFields {

  private static final DetectorSettings.Probe PROBE = DetectorSettings.probe();
  private static final DetectorSettings.Heartbeat BEAT = DetectorSettings.heartbeat();
  private static final ClusterSettings DEFAULTS = ClusterSettings.defaults();

  /** The {@code cluster} section. */
  static final Section<Draft> CLUSTER =
      new Section<>(
          "cluster",
          List.of(
              new Field<>(
                  "nodes",
                  "list of nodes",
                  "none",
                  "the members from the start (fields below); more join with `POST"
                      + " /api/cluster/nodes`",
                  ClusterFields::nodes),
              new Field<>(
                  "detector",
                  "`probe` or `heartbeat`",
                  "`probe`",
                  "`probe`: the agent GETs each node's `healthUrl`; `heartbeat`: nodes `POST"
                      + " /api/cluster/heartbeat/{id}`, judged by phi accrual",
                  ClusterFields::detector),
              duration(
                  "probeInterval",
                  PROBE.interval(),
                  "probe: time between probes of a node",
                  true,
                  (d, v) -> d.probeInterval = v),
              duration(
                  "probeTimeout",
                  PROBE.timeout(),
                  "probe: deadline of one probe",
                  true,
                  (d, v) -> d.probeTimeout = v),
              duration(
                  "retryInterval",
                  PROBE.retryInterval(),
                  "probe: time between probes while a node fails",
                  true,
                  (d, v) -> d.retryInterval = v),
              new Field<>(
                  "failureThreshold",
                  "whole number ≥ 1",
                  "`" + PROBE.failureThreshold() + "`",
                  "probe: consecutive failed probes that make a node dead",
                  (s, d) ->
                      d.failureThreshold = s.integer("failureThreshold", d.failureThreshold, 1)),
              duration(
                  "heartbeatInterval",
                  BEAT.interval(),
                  "heartbeat: how often nodes send heartbeats (the first estimate of their interval)",
                  true,
                  (d, v) -> d.heartbeatInterval = v),
              number(
                  "phiThreshold",
                  BEAT.threshold(),
                  "heartbeat: phi at which a node is dead",
                  (d, v) -> d.phiThreshold = v),
              number(
                  "suspectThreshold",
                  BEAT.suspectThreshold(),
                  "heartbeat: phi at which a node is suspect (at most `phiThreshold`)",
                  (d, v) -> d.suspectThreshold = v),
              duration(
                  "acceptableHeartbeatPause",
                  BEAT.acceptableHeartbeatPause(),
                  "heartbeat: silence tolerated on top of the mean interval",
                  false,
                  (d, v) -> d.acceptablePause = v),
              duration(
                  "minStdDeviation",
                  BEAT.minStdDeviation(),
                  "heartbeat: the least standard deviation of intervals assumed",
                  true,
                  (d, v) -> d.minStdDeviation = v),
              new Field<>(
                  "maxSampleSize",
                  "whole number ≥ 2",
                  "`" + BEAT.maxSampleSize() + "`",
                  "heartbeat: intervals kept per node",
                  (s, d) -> d.maxSampleSize = s.integer("maxSampleSize", d.maxSampleSize, 2)),
              new Field<>(
                  "shards",
                  "whole number ≥ 1",
                  "`" + DEFAULTS.shards() + "`",
                  "number of shards, numbered from 0",
                  (s, d) -> d.shards = s.integer("shards", d.shards, 1)),
              new Field<>(
                  "replicationFactor",
                  "whole number ≥ 1",
                  "`" + DEFAULTS.replicationFactor() + "`",
                  "copies of each shard (the primary included), on different nodes and zones",
                  (s, d) ->
                      d.replicationFactor = s.integer("replicationFactor", d.replicationFactor, 1)),
              duration(
                  "rebalanceAfter",
                  DEFAULTS.rebalanceAfter(),
                  "how long a returning or new node stays up before shards move to it",
                  false,
                  (d, v) -> d.rebalanceAfter = v),
              new Field<>(
                  "maxMovesPerMinute",
                  "whole number ≥ 1",
                  "`" + DEFAULTS.maxMovesPerMinute() + "`",
                  "shard copies rebalancing may move per minute (failover is never held back)",
                  (s, d) -> d.maxMoves = s.integer("maxMovesPerMinute", d.maxMoves, 1)),
              new Field<>(
                  "unhealthyThreshold",
                  "percentage",
                  "`55%`",
                  "the brake: when more than this share of the nodes died within `brakeWindow`,"
                      + " the routing table is frozen",
                  ClusterFields::unhealthyThreshold),
              duration(
                  "brakeWindow",
                  DEFAULTS.brakeWindow(),
                  "the brake's window",
                  true,
                  (d, v) -> d.brakeWindow = v),
              duration(
                  "failoverDelay",
                  DEFAULTS.failoverDelay(),
                  "how long a dead node keeps its shards, so nodes dying together meet the brake",
                  false,
                  (d, v) -> d.failoverDelay = v),
              duration(
                  "joinTimeout",
                  DEFAULTS.joinTimeout(),
                  "a node that joined and never answered (probe) or sent a heartbeat is dead after"
                      + " this: nodes may start after the agent",
                  true,
                  (d, v) -> d.joinTimeout = v),
              duration(
                  "pauseThreshold",
                  DEFAULTS.pauseThreshold(),
                  "a wake-up of the monitor this much late is a pause of the agent itself: not"
                      + " held against the nodes",
                  true,
                  (d, v) -> d.pauseThreshold = v),
              new Field<>(
                  "hookUrl",
                  "http(s) URL",
                  "none",
                  "each new routing table is POSTed here as JSON, retried, with its epoch in the"
                      + " `Vigil-Routing-Epoch` header",
                  ClusterFields::hookUrl)));

  private ClusterFields() {}

  /** Reads the section at {@code cluster}; empty when it is absent. */
  static Optional<ClusterConfig> read(
      Map<String, Object> values, boolean present, List<String> problems) {
    if (!present) {
      return Optional.empty();
    }
    CheckSettings s = CLUSTER.settings("cluster", values);
    Draft draft = CLUSTER.read(s, new Draft());
    Optional<ClusterConfig> config = draft.config(s);
    problems.addAll(s.problems());
    return config;
  }

  private static Field<Draft> duration(
      String name, Duration fallback, String meaning, boolean positive, Setter<Duration> set) {
    return Field.duration(name, fallback, meaning, positive, set::accept);
  }

  private static Field<Draft> number(
      String name, double fallback, String meaning, Setter<Double> set) {
    return new Field<>(
        name,
        "number > 0",
        "`" + (fallback == Math.rint(fallback) ? String.valueOf((long) fallback) : fallback) + "`",
        meaning,
        (s, d) -> {
          double value = s.number(name, fallback);
          if (!(value > 0) || Double.isInfinite(value)) {
            s.problem(name, "must be a number above 0, but was " + value);
            return;
          }
          set.accept(d, value);
        });
  }

  private static void detector(CheckSettings s, Draft d) {
    s.string("detector")
        .ifPresent(
            v -> {
              if (v.equals("probe") || v.equals("heartbeat")) {
                d.heartbeat = v.equals("heartbeat");
              } else {
                s.problem("detector", "must be probe or heartbeat, but was '" + v + "'");
              }
            });
  }

  private static void unhealthyThreshold(CheckSettings s, Draft d) {
    double percent = s.percent("unhealthyThreshold", d.unhealthyThreshold * 100);
    if (percent <= 0) {
      s.problem("unhealthyThreshold", "must be above 0%, but was " + percent + "%");
      return;
    }
    d.unhealthyThreshold = percent / 100;
  }

  private static void hookUrl(CheckSettings s, Draft d) {
    s.string("hookUrl").ifPresent(v -> d.hookUrl = ClusterNodeFields.url(s, "hookUrl", v));
  }

  private static void nodes(CheckSettings s, Draft d) {
    if (s.has("nodes") && !(s.peek("nodes") instanceof List<?>)) {
      s.list("nodes"); // reports "must be a list"
      return;
    }
    for (CheckSettings entry : s.list("nodes")) {
      entry.listKnownFields(ClusterNodeFields.NODE.names());
      d.nodes.add(ClusterNodeFields.NODE.read(entry, new ClusterNodeFields.Draft(entry)));
    }
  }

  @FunctionalInterface
  private interface Setter<V> {
    void accept(Draft draft, V value);
  }

  /** The section being read. */
  static final class Draft {
    private final List<ClusterNodeFields.Draft> nodes = new ArrayList<>();
    private boolean heartbeat;
    private Duration probeInterval = PROBE.interval();
    private Duration probeTimeout = PROBE.timeout();
    private Duration retryInterval = PROBE.retryInterval();
    private int failureThreshold = PROBE.failureThreshold();
    private Duration heartbeatInterval = BEAT.interval();
    private double phiThreshold = BEAT.threshold();
    private double suspectThreshold = BEAT.suspectThreshold();
    private Duration acceptablePause = BEAT.acceptableHeartbeatPause();
    private Duration minStdDeviation = BEAT.minStdDeviation();
    private int maxSampleSize = BEAT.maxSampleSize();
    private Duration joinTimeout = DEFAULTS.joinTimeout();
    private int shards = DEFAULTS.shards();
    private int replicationFactor = DEFAULTS.replicationFactor();
    private Duration rebalanceAfter = DEFAULTS.rebalanceAfter();
    private int maxMoves = DEFAULTS.maxMovesPerMinute();
    private double unhealthyThreshold = DEFAULTS.unhealthyThreshold();
    private Duration brakeWindow = DEFAULTS.brakeWindow();
    private Duration failoverDelay = DEFAULTS.failoverDelay();
    private Duration pauseThreshold = DEFAULTS.pauseThreshold();
    private Optional<URI> hookUrl = Optional.empty();

    /** The section, or empty with its problems recorded in {@code s}. */
    Optional<ClusterConfig> config(CheckSettings s) {
      Map<String, Integer> seen = new LinkedHashMap<>();
      List<NodeSpec> specs = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        String id = nodes.get(i).id();
        Integer first = id.isEmpty() ? null : seen.putIfAbsent(id, i);
        if (first != null) {
          s.problem(
              "nodes[" + i + "].id",
              "'" + id + "' is the id of cluster.nodes[" + first + "] already");
        }
        nodes.get(i).spec(!heartbeat).ifPresent(specs::add);
      }
      try {
        return Optional.of(new ClusterConfig(settings(), specs, hookUrl));
      } catch (IllegalArgumentException e) {
        s.problem(
            fieldOf(e.getMessage()), e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        return Optional.empty();
      }
    }

    private ClusterSettings settings() {
      DetectorSettings detector =
          heartbeat
              ? new DetectorSettings.Heartbeat(
                  heartbeatInterval,
                  phiThreshold,
                  suspectThreshold,
                  maxSampleSize,
                  minStdDeviation,
                  acceptablePause)
              : new DetectorSettings.Probe(
                  probeInterval, probeTimeout, retryInterval, failureThreshold);
      return new ClusterSettings(
          detector,
          shards,
          replicationFactor,
          rebalanceAfter,
          maxMoves,
          unhealthyThreshold,
          brakeWindow,
          failoverDelay,
          joinTimeout,
          DEFAULTS.tickInterval(),
          pauseThreshold);
    }

    /** The YAML name of the settings records' field a validation message starts with. */
    private String fieldOf(String message) {
      String field = message.substring(0, Math.max(0, message.indexOf(": ")));
      return switch (field) {
        case "interval" -> heartbeat ? "heartbeatInterval" : "probeInterval";
        case "timeout" -> "probeTimeout";
        case "threshold" -> "phiThreshold";
        default -> field;
      };
    }
  }
}
