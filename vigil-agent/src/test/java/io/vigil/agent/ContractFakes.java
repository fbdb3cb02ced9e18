package io.vigil.agent;

import io.javalin.http.Context;
import io.vigil.server.ApiModule;
import io.vigil.server.ApiRoutes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fakes of the alerts and cluster APIs exactly as CONTRACTS.md shapes them, for the dashboard's and
 * the CLI's tests while those modules are built elsewhere (the integrator swaps in the real ones).
 * The silences are kept in memory; bad input is answered 400 naming the field, as the contract
 * says.
 */
final class ContractFakes {

  private ContractFakes() {}

  /** {@code /api/alerts} with one firing alert for {@code check}, and working silences. */
  static final class Alerts implements ApiModule {
    final List<Map<String, Object>> silences = new CopyOnWriteArrayList<>();
    private final String check;

    Alerts(String check) {
      this.check = check;
    }

    @Override
    public void addTo(ApiRoutes routes) {
      routes.get("/api/alerts", this::alerts);
      routes.get("/api/silences", ctx -> ApiRoutes.json(ctx, 200, Map.of("silences", silences)));
      routes.post("/api/silences", this::create);
      routes.delete("/api/silences/{id}", this::expire);
    }

    private void alerts(Context ctx) {
      Map<String, Object> alert = new LinkedHashMap<>();
      alert.put("fingerprint", "f1");
      alert.put("kind", "down");
      alert.put("severity", "critical");
      alert.put("state", "firing");
      alert.put("labels", Map.of("check", check, "component", "shop"));
      alert.put("annotations", Map.of("message", check + " is down", "runbook", ""));
      alert.put("startsAt", Instant.now().minusSeconds(120).toString());
      alert.put("endsAt", null);
      alert.put("inhibitedBy", List.of());
      alert.put("silencedBy", List.of());
      ApiRoutes.json(ctx, 200, Map.of("alerts", List.of(alert)));
    }

    private void create(Context ctx) {
      Map<String, Object> body = ApiRoutes.jsonObject(ctx);
      if (!(body.get("matchers") instanceof List<?> matchers) || matchers.isEmpty()) {
        throw new ApiRoutes.BadRequest("matchers: required, at least one");
      }
      for (int i = 0; i < matchers.size(); i++) {
        if (!(matchers.get(i) instanceof Map<?, ?> m)
            || !(m.get("value") instanceof String v)
            || v.isBlank()) {
          throw new ApiRoutes.BadRequest("matchers[" + i + "].value: required");
        }
      }
      for (String field : List.of("createdBy", "comment")) {
        if (!(body.get(field) instanceof String v) || v.isBlank()) {
          throw new ApiRoutes.BadRequest(field + ": required");
        }
      }
      Instant start = Instant.now();
      Duration length =
          Duration.parse("PT" + String.valueOf(body.getOrDefault("duration", "2h")).toUpperCase());
      Map<String, Object> silence = new LinkedHashMap<>();
      silence.put("id", UUID.randomUUID().toString());
      silence.put("matchers", new ArrayList<>(matchers));
      silence.put("startsAt", start.toString());
      silence.put("endsAt", start.plus(length).toString());
      silence.put("createdBy", body.get("createdBy"));
      silence.put("comment", body.get("comment"));
      silence.put("state", "active");
      silences.add(silence);
      ApiRoutes.json(ctx, 201, silence);
    }

    private void expire(Context ctx) {
      for (Map<String, Object> s : silences) {
        if (s.get("id").equals(ctx.pathParam("id"))) {
          s.put("state", "expired");
          s.put("endsAt", Instant.now().toString());
          ApiRoutes.json(ctx, 200, s);
          return;
        }
      }
      ApiRoutes.problem(ctx, 404, "no silence " + ctx.pathParam("id"));
    }
  }

  /** {@code /api/cluster/nodes} and {@code /routing}: three nodes, one suspect. */
  static final class Cluster implements ApiModule {
    @Override
    public void addTo(ApiRoutes routes) {
      routes.get("/api/cluster/nodes", ctx -> ApiRoutes.json(ctx, 200, nodes()));
      routes.get(
          "/api/cluster/routing",
          ctx ->
              ApiRoutes.json(
                  ctx,
                  200,
                  Map.of(
                      "epoch",
                      7,
                      "frozen",
                      false,
                      "shards",
                      List.of(
                          Map.of("shard", 0, "primary", "n1", "replicas", List.of("n2")),
                          Map.of("shard", 1, "primary", "n2", "replicas", List.of("n3")),
                          Map.of("shard", 2, "primary", "n3", "replicas", List.of("n1"))))));
    }

    private static Map<String, Object> nodes() {
      List<Object> nodes = new ArrayList<>();
      String[][] rows = {
        {"n1", "healthy", "0.3"}, {"n2", "healthy", "0.5"}, {"n3", "suspect", "4.2"}
      };
      for (String[] r : rows) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", r[0]);
        n.put("address", "10.0.0." + r[0].substring(1) + ":8080");
        n.put("healthUrl", "http://10.0.0." + r[0].substring(1) + ":8080/health");
        n.put("zone", "a");
        n.put("capacity", 1.0);
        n.put("labels", Map.of());
        n.put("state", r[1]);
        n.put("since", Instant.now().minusSeconds(600).toString());
        n.put("reason", r[1].equals("suspect") ? "phi 4.2 above 3.0" : "");
        n.put("phi", Double.parseDouble(r[2]));
        n.put("lastHeartbeat", Instant.now().minusSeconds(2).toString());
        n.put("shards", Map.of("primary", 1, "replica", 1));
        nodes.add(n);
      }
      return Map.of("nodes", nodes, "brake", false);
    }
  }
}
