package io.vigil.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil checks}: every check, or those of a status or component. */
@Command(name = "checks", mixinStandardHelpOptions = true, description = "List the agent's checks.")
final class ChecksCommand extends ClientCommand {

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description =
          "Only checks of this status: failing, ok, warning, critical, unknown, pending, disabled.")
  String status;

  @Option(
      names = "--component",
      paramLabel = "NAME",
      description = "Only checks of this component.")
  String component;

  @Override
  int run(AgentClient client, Output out) {
    if (status != null
        && !List.of("failing", "ok", "warning", "critical", "unknown", "pending", "disabled")
            .contains(status)) {
      throw new AgentClient.Failure(
          "--status: must be failing, ok, warning, critical, unknown, pending or disabled, but was '"
              + status
              + "'");
    }
    JsonNode checks =
        client.require(client.get("/health/checks"), "GET /health/checks").body().path("checks");
    ObjectNode chosen = AgentClient.JSON.createObjectNode();
    checks
        .properties()
        .forEach(
            e -> {
              if (matches(e.getValue())) {
                chosen.set(e.getKey(), e.getValue());
              }
            });
    if (!out.table()) {
      out.data(chosen);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    chosen
        .properties()
        .forEach(
            e -> {
              JsonNode c = e.getValue();
              rows.add(
                  List.of(
                      e.getKey(),
                      out.status(Output.text(c, "status")),
                      Output.text(c, "state_type"),
                      Output.text(c, "component"),
                      c.has("age_ms") ? Ages.of(c.path("age_ms").asLong()) : "-",
                      c.has("latency_ms") ? c.path("latency_ms").asLong() + "ms" : "-",
                      Output.text(c, "message")));
            });
    out.table(List.of("CHECK", "STATUS", "STATE", "COMPONENT", "AGE", "LATENCY", "MESSAGE"), rows);
    return 0;
  }

  private boolean matches(JsonNode c) {
    String s = Output.text(c, "status");
    if (status != null) {
      boolean ok =
          status.equals("failing")
              ? List.of("warning", "critical", "unknown").contains(s)
              : status.equals(s);
      if (!ok) {
        return false;
      }
    }
    return component == null || component.equals(Output.text(c, "component"));
  }
}
