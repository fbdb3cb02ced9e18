package io.vigil.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code vigil status}: the system status and the failing checks, with Nagios exit codes. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show the agent's status and its failing checks.",
      "Exit codes, as a Nagios plugin: 0 healthy, 1 degraded, 2 unhealthy, 3 unknown (starting,"
          + " stopping, or the agent cannot be asked)."
    })
final class StatusCommand extends ClientCommand {

  @Override
  int run(AgentClient client, Output out) {
    AgentClient.Reply reply = client.get("/health");
    JsonNode health = reply.body();
    if (!health.path("status").isTextual()) {
      throw new AgentClient.Failure(
          "unexpected answer from " + client.url() + "/health (HTTP " + reply.status() + ")");
    }
    String status = Output.text(health, "status");
    int code = code(status);
    if (!health.path("checks").isObject()) { // a token is set and we have none: the status alone
      if (out.table()) {
        out.line(
            "VIGIL "
                + out.status(nagios(code))
                + " - "
                + status
                + " (details need the token: set VIGIL_TOKEN or give --config)");
      } else {
        out.data(health);
      }
      return code;
    }
    if (!out.table()) {
      out.data(health);
      return code;
    }
    out.line(
        "VIGIL "
            + out.status(nagios(code))
            + " - "
            + status
            + ": "
            + Output.text(health, "message")
            + " | score="
            + Output.text(health, "score")
            + " checks="
            + health.path("checks").size());
    List<List<String>> failing = new ArrayList<>();
    health
        .path("checks")
        .properties()
        .forEach(
            e -> {
              JsonNode c = e.getValue();
              if (!c.path("healthy").asBoolean() && !"disabled".equals(Output.text(c, "status"))) {
                failing.add(
                    List.of(
                        e.getKey(),
                        out.status(Output.text(c, "status")),
                        Output.text(c, "state_type"),
                        Output.text(c, "message")));
              }
            });
    if (!failing.isEmpty()) {
      out.table(List.of("CHECK", "STATUS", "STATE", "MESSAGE"), failing);
    }
    return code;
  }

  @Override
  int failureCode() {
    return 3;
  }

  static int code(String status) {
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "healthy" -> 0;
      case "degraded" -> 1;
      case "unhealthy" -> 2;
      default -> 3;
    };
  }

  static String nagios(int code) {
    return switch (code) {
      case 0 -> "ok";
      case 1 -> "warning";
      case 2 -> "critical";
      default -> "unknown";
    };
  }
}
