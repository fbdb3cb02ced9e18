package io.vigil.agent;

import io.javalin.http.Context;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.CheckDefinition;
import io.vigil.core.CheckSpec;
import io.vigil.fleet.CheckState;
import io.vigil.fleet.Fleet;
import io.vigil.fleet.FleetAgent;
import io.vigil.server.ApiModule;
import io.vigil.server.ApiRoutes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The fleet's routes ({@code /api/fleet/...}), with the server's token rules: the agents and their
 * leases, and the fleet-wide health read from the states every agent writes to PostgreSQL. 503
 * while the agent starts, 404 without a {@code fleet:} section.
 */
final class FleetRoutes implements ApiModule {

  private final SectionRoutes<Fleet> fleet =
      new SectionRoutes<>("this agent is in no fleet: its configuration has no fleet: section");
  private volatile Supplier<AgentConfig> config = () -> null;

  /** The agent started, with this fleet or none. */
  void started(Optional<Fleet> value, Supplier<AgentConfig> current) {
    config = current;
    fleet.started(value);
  }

  @Override
  public void addTo(ApiRoutes routes) {
    routes.get("/api/fleet/agents", ctx -> fleet.with(ctx, f -> agents(ctx, f)));
    routes.get("/api/fleet/health", ctx -> fleet.with(ctx, f -> health(ctx, f)));
  }

  private static void agents(Context ctx, Fleet fleet) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("fleet", fleet.config().name());
    body.put("self", fleet.config().agentId());
    body.put("agents", fleet.agents().stream().map(FleetRoutes::agent).toList());
    ApiRoutes.json(ctx, 200, body);
  }

  private static Map<String, Object> agent(FleetAgent a) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", a.id());
    json.put("address", a.address());
    json.put("version", a.version());
    json.put("startedAt", String.valueOf(a.startedAt()));
    json.put("leaseAgeMs", a.leaseAge().toMillis());
    json.put("alive", a.alive());
    json.put("partitions", a.partitions());
    return json;
  }

  /**
   * Every fleet check's last stored result with its owner; a check whose result is older than its
   * {@code staleAfter} is {@code stale}, one never written is {@code pending}. 503 when a critical
   * check is hard down or stale, as {@code /health}.
   */
  private void health(Context ctx, Fleet fleet) {
    Map<String, CheckState> stored = new HashMap<>();
    fleet.states().all().forEach(s -> stored.put(s.check(), s));
    Instant now = Instant.now();
    List<Map<String, Object>> checks = new ArrayList<>();
    int failing = 0;
    int stale = 0;
    int pending = 0;
    boolean unhealthy = false;
    AgentConfig current = config.get();
    for (CheckDefinition def : current == null ? List.<CheckDefinition>of() : current.checks()) {
      if (def.everyAgent()) {
        continue;
      }
      CheckSpec spec = def.spec();
      CheckState s = stored.get(def.name());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("name", def.name());
      json.put("component", spec.component());
      json.put("critical", spec.critical());
      json.put("partition", fleet.partition(def.name()));
      if (s == null || s.resultAt() == null) {
        pending++;
        json.put("status", "pending");
        checks.add(json);
        continue;
      }
      Duration age = Duration.between(s.resultAt(), now);
      boolean old = age.compareTo(spec.staleAfter()) > 0;
      boolean down = !"ok".equals(s.status());
      json.put("status", old ? "unknown" : s.status());
      json.put("stateType", s.stateType());
      json.put("stale", old);
      json.put("owner", s.owner());
      json.put("epoch", s.epoch());
      json.put("message", s.message());
      json.put("latencyMs", s.latencyMs());
      json.put("resultAt", s.resultAt().toString());
      json.put("ageMs", age.toMillis());
      checks.add(json);
      stale += old ? 1 : 0;
      failing += down ? 1 : 0;
      unhealthy |= spec.critical() && (old || down && "hard".equals(s.stateType()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("fleet", fleet.config().name());
    body.put(
        "status",
        unhealthy
            ? "unhealthy"
            : failing + stale > 0 ? "degraded" : pending > 0 ? "starting" : "healthy");
    body.put("answeredBy", fleet.config().agentId());
    body.put("agents", fleet.agents().stream().filter(FleetAgent::alive).count());
    body.put(
        "counts",
        Map.of("checks", checks.size(), "failing", failing, "stale", stale, "pending", pending));
    body.put("checks", checks);
    ctx.header("Cache-Control", "no-store");
    ApiRoutes.json(ctx, unhealthy ? 503 : 200, body);
  }
}
