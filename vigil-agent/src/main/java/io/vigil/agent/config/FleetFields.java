package io.vigil.agent.config;

import io.vigil.checks.CheckSettings;
import io.vigil.fleet.FleetConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/** The {@code fleet} section: several agents sharing checks on the store's PostgreSQL. */
final class FleetFields {

  /** The {@code fleet} section. */
  static final Section<Draft> FLEET =
      new Section<>(
          "fleet",
          List.of(
              new Field<>(
                  "name",
                  "text",
                  "required",
                  "the fleet's name: agents with the same name and store share their checks",
                  (s, d) -> d.name = s.string("name")),
              new Field<>(
                  "id",
                  "text",
                  "`node.id`",
                  "this agent's id in the fleet; unique among the fleet's agents",
                  (s, d) -> d.id = s.string("id")),
              new Field<>(
                  "address",
                  "text",
                  "`http://` + `server.host` + `:` + `server.port`",
                  "where peers and operators reach this agent (shown in `/api/fleet/agents`)",
                  (s, d) -> d.address = s.string("address")),
              duration(
                  "ttl",
                  FleetConfig.DEFAULT_TTL,
                  "an agent's lease: without a renewal for this long (by PostgreSQL's clock) it is"
                      + " dead to the fleet and its checks move",
                  (d, v) -> d.ttl = v),
              duration(
                  "renewEvery",
                  FleetConfig.DEFAULT_RENEW_EVERY,
                  "how often the lease is renewed and partitions balanced; less than `ttl` −"
                      + " `safetyMargin`",
                  (d, v) -> d.renewEvery = v),
              duration(
                  "safetyMargin",
                  FleetConfig.DEFAULT_SAFETY_MARGIN,
                  "an agent stops healing and sending this long before its lease could expire"
                      + " unrenewed (by its own monotonic clock)",
                  (d, v) -> d.safetyMargin = v),
              new Field<>(
                  "partitions",
                  "whole number ≥ 1",
                  "`" + FleetConfig.DEFAULT_PARTITIONS + "`",
                  "checks are spread over this many partitions (by a stable hash of the name);"
                      + " the same on every agent",
                  (s, d) -> d.partitions = s.integer("partitions", d.partitions, 1))));

  private FleetFields() {}

  /** The section, when the file has one; problems are added to {@code problems}. */
  static Optional<FleetSettings> read(
      Map<String, Object> values, boolean present, StoreSettings store, List<String> problems) {
    if (!present) {
      return Optional.empty();
    }
    CheckSettings s = FLEET.settings("fleet", values);
    Draft draft = FLEET.read(s, new Draft());
    Optional<FleetSettings> settings = draft.settings(s, store);
    problems.addAll(s.problems());
    return settings;
  }

  private static Field<Draft> duration(
      String name, Duration fallback, String meaning, BiConsumer<Draft, Duration> set) {
    return Field.duration(name, fallback, meaning, true, set);
  }

  /** The section being read. */
  static final class Draft {
    private Optional<String> name = Optional.empty();
    private Optional<String> id = Optional.empty();
    private Optional<String> address = Optional.empty();
    private Duration ttl = FleetConfig.DEFAULT_TTL;
    private Duration renewEvery = FleetConfig.DEFAULT_RENEW_EVERY;
    private Duration safetyMargin = FleetConfig.DEFAULT_SAFETY_MARGIN;
    private int partitions = FleetConfig.DEFAULT_PARTITIONS;

    Optional<FleetSettings> settings(CheckSettings s, StoreSettings store) {
      if (name.isEmpty()) {
        s.problem("name", "is required: the fleet's name (agents with the same name share checks)");
        return Optional.empty();
      }
      boolean postgres =
          store.config().map(c -> c.url().startsWith("jdbc:postgresql:")).orElse(false);
      if (!postgres) {
        s.problem(
            "name",
            "a fleet coordinates through PostgreSQL: set store.url to a"
                + " jdbc:postgresql://HOST:PORT/DB URL (the same on every agent)");
        return Optional.empty();
      }
      try {
        // The fleet's own rules (names, ttl > renewEvery + safetyMargin, partitions), checked now.
        new FleetConfig(
            name.get(), id.orElse("agent"), "", "", ttl, renewEvery, safetyMargin, partitions);
      } catch (IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        s.problem(field(message), message.replaceFirst("^fleet\\.[A-Za-z]+: ", ""));
        return Optional.empty();
      }
      return Optional.of(
          new FleetSettings(name.get(), id, address, ttl, renewEvery, safetyMargin, partitions));
    }

    /** The field a fleet error names ("fleet.ttl: ..."), else {@code name}. */
    private static String field(String message) {
      if (message.startsWith("fleet.")) {
        int colon = message.indexOf(':');
        if (colon > 6) {
          return message.substring(6, colon);
        }
      }
      return "name";
    }
  }
}
