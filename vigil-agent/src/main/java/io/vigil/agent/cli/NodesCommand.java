package io.vigil.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code vigil nodes}: the cluster's nodes. */
@Command(
    name = "nodes",
    mixinStandardHelpOptions = true,
    description = "List the cluster's nodes (needs a cluster: section).")
final class NodesCommand extends ClientCommand {

  @Override
  int run(AgentClient client, Output out) {
    AgentClient.Reply reply = client.get("/api/cluster/nodes");
    if (reply.status() == 404) {
      throw new AgentClient.Failure(
          "the agent at " + client.url() + " runs no cluster (no cluster: section)");
    }
    JsonNode body = client.require(reply, "nodes").body();
    if (!out.table()) {
      out.data(body);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode n : body.path("nodes")) {
      rows.add(
          List.of(
              Output.text(n, "id"),
              out.status(Output.text(n, "state")),
              Output.text(n, "zone"),
              n.path("phi").isNumber()
                  ? String.format(java.util.Locale.ROOT, "%.2f", n.path("phi").asDouble())
                  : "-",
              n.path("shards").path("primary").asText("-"),
              n.path("shards").path("replica").asText("-"),
              Output.text(n, "address"),
              Output.text(n, "reason")));
    }
    out.table(
        List.of("NODE", "STATE", "ZONE", "PHI", "PRIMARY", "REPLICA", "ADDRESS", "REASON"), rows);
    if (body.path("brake").asBoolean()) {
      out.line("brake on: shard redistribution is paused");
    }
    return 0;
  }
}
