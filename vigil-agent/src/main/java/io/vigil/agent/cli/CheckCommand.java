package io.vigil.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil check NAME [--run]}: one check's details, or run it now and wait. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Show one check, or run it now (--run) and show the result.",
      "Exit codes: the check's status as a Nagios plugin (0 ok, 1 warning, 2 critical, 3 unknown"
          + " or pending); 1 when the agent cannot be asked or has no such check."
    })
final class CheckCommand extends ClientCommand {

  @Parameters(paramLabel = "NAME", description = "The check.")
  String name;

  @Option(names = "--run", description = "Run the check now and wait for its result.")
  boolean run;

  @Override
  int run(AgentClient client, Output out) {
    AgentClient.Reply reply =
        run
            ? client.post("/api/checks/" + path(name) + "/run", null)
            : client.get("/health/checks/" + path(name));
    JsonNode c = client.require(reply, (run ? "run " : "check ") + name).body();
    if (!out.table()) {
      out.data(c);
    } else {
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("status", out.status(Output.text(c, "status"))));
      for (String field :
          List.of(
              "state_type",
              "message",
              "latency_ms",
              "timestamp",
              "consecutive_failures",
              "flapping",
              "score",
              "critical",
              "component",
              "last_change")) {
        rows.add(List.of(field, Output.text(c, field)));
      }
      c.path("details")
          .properties()
          .forEach(
              e ->
                  rows.add(
                      List.of(
                          "details." + e.getKey(), e.getValue().asText(e.getValue().toString()))));
      JsonNode recovery = c.path("recovery");
      if (recovery.isObject()) {
        rows.add(List.of("recovery.phase", Output.text(recovery, "phase")));
        rows.add(List.of("recovery.quarantined", Output.text(recovery, "quarantined")));
      }
      out.table(List.of("FIELD", "VALUE"), rows);
    }
    return switch (Output.text(c, "status")) {
      case "ok", "disabled" -> 0;
      case "warning" -> 1;
      case "critical" -> 2;
      default -> 3;
    };
  }
}
