package io.vigil.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil history NAME --since 24h}: uptime, counts and transitions of a check. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Show a check's history: uptime, runs per status and its transitions.")
final class HistoryCommand extends ClientCommand {

  @Parameters(paramLabel = "NAME", description = "The check.")
  String name;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      defaultValue = "24h",
      description = "A duration such as 15m or 7d, or an instant (default: ${DEFAULT-VALUE}).")
  String since;

  @Override
  int run(AgentClient client, Output out) {
    String query = java.net.URLEncoder.encode(since, java.nio.charset.StandardCharsets.UTF_8);
    JsonNode h =
        client
            .require(
                client.get("/health/checks/" + path(name) + "?since=" + query),
                "history of " + name)
            .body();
    if (!out.table()) {
      out.data(h);
      return 0;
    }
    JsonNode counts = h.path("counts");
    out.line(
        name
            + " since "
            + since
            + ": uptime "
            + Output.text(h, "uptime_percent")
            + " %, runs in memory: ok "
            + counts.path("ok").asLong()
            + ", warning "
            + counts.path("warning").asLong()
            + ", critical "
            + counts.path("critical").asLong()
            + ", unknown "
            + counts.path("unknown").asLong()
            + (h.has("history_source") ? " (uptime from the store)" : ""));
    List<List<String>> rows = transitions(h, out);
    if (rows.isEmpty()) {
      out.line("no transitions");
    } else {
      out.table(List.of("AT", "FROM", "TO", "MESSAGE"), rows);
    }
    return 0;
  }

  /** The stored transitions, or those seen in the memory ring's results. */
  private static List<List<String>> transitions(JsonNode h, Output out) {
    List<List<String>> rows = new ArrayList<>();
    if (h.path("transitions").isArray()) {
      for (JsonNode t : h.path("transitions")) {
        rows.add(
            List.of(
                Output.text(t, "at"),
                Output.text(t, "from").toUpperCase(java.util.Locale.ROOT),
                out.status(Output.text(t, "to"))
                    + (t.has("to_type") ? " " + Output.text(t, "to_type") : ""),
                Output.text(t, "message")));
      }
    } else {
      String before = null;
      for (JsonNode r : h.path("history")) {
        String s = Output.text(r, "status");
        if (before != null && !before.equals(s)) {
          rows.add(
              List.of(
                  Output.text(r, "timestamp"),
                  before.toUpperCase(java.util.Locale.ROOT),
                  out.status(s),
                  Output.text(r, "message")));
        }
        before = s;
      }
    }
    return rows;
  }
}
