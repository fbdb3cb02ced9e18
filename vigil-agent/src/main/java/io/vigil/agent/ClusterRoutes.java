package io.vigil.agent;

import io.javalin.http.Context;
import io.vigil.cluster.ClusterMonitor;
import io.vigil.cluster.NodeSpec;
import io.vigil.cluster.NodeView;
import io.vigil.cluster.RoutingTable;
import io.vigil.core.Secrets;
import io.vigil.server.ApiModule;
import io.vigil.server.ApiRoutes;
import io.vigil.server.ApiRoutes.BadRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster's routes ({@code /api/cluster/...}), with the server's token rules. Mounted at start,
 * before the configuration is read: they answer 503 while the agent starts and 404 when the
 * configuration has no {@code cluster:} section.
 */
final class ClusterRoutes implements ApiModule {

  /** The longest long poll of {@code GET /api/cluster/routing?afterEpoch=N}. */
  static final Duration LONG_POLL = Duration.ofSeconds(30);

  private static final Set<String> JOIN_FIELDS =
      Set.of("id", "address", "healthUrl", "zone", "capacity", "labels", "voter");

  private final Duration longPoll;
  private final SectionRoutes<ClusterMonitor> cluster =
      new SectionRoutes<>(
          "this agent watches no cluster: its configuration has no cluster: section");

  ClusterRoutes(Duration longPoll) {
    this.longPoll = longPoll;
  }

  /** The agent started, with this cluster or none. */
  void started(Optional<ClusterMonitor> value) {
    cluster.started(value);
  }

  @Override
  public void addTo(ApiRoutes routes) {
    routes.get("/api/cluster/nodes", ctx -> cluster.with(ctx, c -> nodes(ctx, c)));
    routes.post("/api/cluster/nodes", ctx -> cluster.with(ctx, c -> join(ctx, c)));
    routes.delete("/api/cluster/nodes/{id}", ctx -> cluster.with(ctx, c -> leave(ctx, c)));
    routes.post("/api/cluster/heartbeat/{id}", ctx -> cluster.with(ctx, c -> beat(ctx, c)));
    routes.get("/api/cluster/routing", ctx -> cluster.with(ctx, c -> routing(ctx, c)));
  }

  private static void nodes(Context ctx, ClusterMonitor cluster) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("nodes", cluster.nodes().stream().map(ClusterRoutes::node).toList());
    body.put("brake", cluster.status().brake());
    ApiRoutes.json(ctx, 200, body);
  }

  /** A node as JSON: the contract's fields, then {@code voter} and {@code failures}. */
  static Map<String, Object> node(NodeView n) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", n.id());
    json.put("address", n.spec().address());
    json.put(
        "healthUrl", n.spec().healthUrl().map(u -> Secrets.maskText(u.toString())).orElse(null));
    json.put("zone", n.spec().zone());
    json.put("capacity", n.spec().capacity());
    json.put("labels", n.spec().labels());
    json.put("state", n.state().json());
    json.put("since", n.since().toString());
    json.put("reason", Secrets.maskText(n.reason()));
    json.put("phi", Math.round(n.phi() * 1000) / 1000.0);
    json.put("lastHeartbeat", n.lastHeartbeat().map(Object::toString).orElse(null));
    json.put("shards", Map.of("primary", n.primaries(), "replica", n.replicas()));
    json.put("voter", n.spec().voter());
    json.put("failures", n.failures());
    return json;
  }

  private static void join(Context ctx, ClusterMonitor cluster) {
    NodeSpec spec = spec(ApiRoutes.jsonObject(ctx), cluster.settings().heartbeats());
    try {
      ApiRoutes.json(ctx, 201, node(cluster.join(spec)));
    } catch (IllegalStateException e) {
      ApiRoutes.problem(ctx, 409, e.getMessage());
    }
  }

  /** The node a join asks for, or {@link BadRequest} naming the field. */
  static NodeSpec spec(Map<String, Object> body, boolean heartbeats) {
    for (String field : body.keySet()) {
      if (!JOIN_FIELDS.contains(field)) {
        throw new BadRequest(
            field
                + ": unknown field; known fields: "
                + String.join(
                    ", ",
                    List.of("id", "address", "healthUrl", "zone", "capacity", "labels", "voter")));
      }
    }
    String id = text(body, "id").orElseThrow(() -> new BadRequest("id: required"));
    String address = text(body, "address").orElseThrow(() -> new BadRequest("address: required"));
    Optional<URI> url = text(body, "healthUrl").map(ClusterRoutes::url);
    if (url.isEmpty() && !heartbeats) {
      throw new BadRequest("healthUrl: required: this cluster's detector probes each node's URL");
    }
    try {
      return new NodeSpec(
          id,
          address,
          url,
          text(body, "zone").orElse(NodeSpec.DEFAULT_ZONE),
          number(body, "capacity"),
          labels(body.get("labels")),
          flag(body, "voter"));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  private static Optional<String> text(Map<String, Object> body, String field) {
    Object value = body.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String s)) {
      throw new BadRequest(field + ": must be a string");
    }
    return Optional.of(s);
  }

  private static double number(Map<String, Object> body, String field) {
    Object value = body.getOrDefault(field, 1.0);
    if (!(value instanceof Number n)) {
      throw new BadRequest(field + ": must be a number");
    }
    return n.doubleValue();
  }

  private static boolean flag(Map<String, Object> body, String field) {
    Object value = body.getOrDefault(field, true);
    if (!(value instanceof Boolean b)) {
      throw new BadRequest(field + ": must be true or false");
    }
    return b;
  }

  private static Map<String, String> labels(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new BadRequest("labels: must be an object of strings");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          if (!(v instanceof String s)) {
            throw new BadRequest("labels." + k + ": must be a string");
          }
          labels.put(String.valueOf(k), s);
        });
    return labels;
  }

  /** The URL; its scheme and host are judged by {@link NodeSpec}. */
  private static URI url(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new BadRequest("healthUrl: not a URL: '" + Secrets.maskText(text) + "'");
    }
  }

  private static void leave(Context ctx, ClusterMonitor cluster) {
    String id = ctx.pathParam("id");
    Optional<NodeView> left = cluster.leave(id);
    if (left.isEmpty()) {
      ApiRoutes.problem(ctx, 404, "no node " + id);
      return;
    }
    ApiRoutes.json(ctx, 200, node(left.get()));
  }

  private static void beat(Context ctx, ClusterMonitor cluster) {
    String id = ctx.pathParam("id");
    try {
      Optional<NodeView> node = cluster.heartbeat(id);
      if (node.isEmpty()) {
        ApiRoutes.problem(ctx, 404, "no node " + id);
        return;
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", id);
      body.put("state", node.get().state().json());
      body.put("phi", Math.round(node.get().phi() * 1000) / 1000.0);
      ApiRoutes.json(ctx, 200, body);
    } catch (IllegalStateException e) {
      ApiRoutes.problem(ctx, 409, e.getMessage());
    }
  }

  private void routing(Context ctx, ClusterMonitor cluster) throws InterruptedException {
    String after = ctx.queryParam("afterEpoch");
    RoutingTable table;
    if (after == null) {
      table = cluster.routing();
    } else {
      long epoch;
      try {
        epoch = Long.parseLong(after.strip());
      } catch (NumberFormatException e) {
        epoch = -1;
      }
      if (epoch < 0) {
        throw new BadRequest(
            "afterEpoch: must be a whole number of at least 0, but was '" + after + "'");
      }
      table = cluster.awaitRouting(epoch, longPoll); // a virtual thread waits, no platform one
    }
    ApiRoutes.json(ctx, 200, table.toMap());
  }
}
