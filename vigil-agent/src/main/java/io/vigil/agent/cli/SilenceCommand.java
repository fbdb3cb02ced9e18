package io.vigil.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil silence add|list|expire}: the alerts module's silences. */
@Command(
    name = "silence",
    mixinStandardHelpOptions = true,
    description = "Silence alerts: add, list or expire silences (needs the alerts module).",
    subcommands = {
      SilenceCommand.Add.class,
      SilenceCommand.ListSilences.class,
      SilenceCommand.Expire.class
    })
final class SilenceCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  static AgentClient.Reply require(AgentClient client, AgentClient.Reply reply, String what) {
    if (reply.status() == 404 && reply.detail().startsWith("no endpoint")) {
      throw new AgentClient.Failure(
          "the agent at " + client.url() + " has no alerts module (no silences)");
    }
    return client.require(reply, what);
  }

  static List<String> row(Output out, JsonNode s) {
    List<String> matchers = new ArrayList<>();
    for (JsonNode m : s.path("matchers")) {
      matchers.add(
          m.path("name").asText()
              + (m.path("isEqual").asBoolean(true) ? "" : "!")
              + (m.path("isRegex").asBoolean() ? "=~" : "=")
              + m.path("value").asText());
    }
    return List.of(
        Output.text(s, "id"),
        out.status(Output.text(s, "state")),
        String.join(",", matchers),
        Output.text(s, "endsAt"),
        Output.text(s, "createdBy"),
        Output.text(s, "comment"));
  }

  static final List<String> HEADER = List.of("ID", "STATE", "MATCHERS", "ENDS", "BY", "COMMENT");

  /** {@code vigil silence add}. */
  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a silence.")
  static final class Add extends ClientCommand {
    @Option(
        names = "--check",
        paramLabel = "NAME",
        description = "Silence the alerts of this check.")
    String check;

    @Option(
        names = {"-m", "--matcher"},
        paramLabel = "LABEL=VALUE",
        description =
            "Match alerts with this label (repeatable; LABEL=~REGEX for a regular expression).")
    List<String> matchers = new ArrayList<>();

    @Option(
        names = "--duration",
        paramLabel = "DURATION",
        defaultValue = "2h",
        description = "How long (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--comment", paramLabel = "TEXT", required = true, description = "Why.")
    String comment;

    @Option(names = "--by", paramLabel = "WHO", description = "Who silences (default: $USER).")
    String by;

    @Override
    int run(AgentClient client, Output out) {
      List<Map<String, Object>> list = new ArrayList<>();
      if (check != null) {
        list.add(matcher("check", check, false));
      }
      for (String m : matchers) {
        boolean regex = m.contains("=~");
        int at = m.indexOf(regex ? "=~" : "=");
        if (at <= 0) {
          throw new AgentClient.Failure(
              "--matcher: must be LABEL=VALUE or LABEL=~REGEX, but was '" + m + "'");
        }
        list.add(matcher(m.substring(0, at), m.substring(at + (regex ? 2 : 1)), regex));
      }
      if (list.isEmpty()) {
        throw new AgentClient.Failure("give --check NAME or --matcher LABEL=VALUE");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("matchers", list);
      body.put("duration", duration);
      body.put("createdBy", by != null ? by : env.getOrDefault("USER", "vigil"));
      body.put("comment", comment);
      JsonNode s = require(client, client.post("/api/silences", body), "add silence").body();
      if (out.table()) {
        out.table(HEADER, List.of(row(out, s)));
      } else {
        out.data(s);
      }
      return 0;
    }

    private static Map<String, Object> matcher(String name, String value, boolean regex) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("value", value);
      m.put("isRegex", regex);
      m.put("isEqual", true);
      return m;
    }
  }

  /** {@code vigil silence list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the silences.")
  static final class ListSilences extends ClientCommand {
    @Override
    int run(AgentClient client, Output out) {
      JsonNode body = require(client, client.get("/api/silences"), "list silences").body();
      if (!out.table()) {
        out.data(body);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      body.path("silences").forEach(s -> rows.add(row(out, s)));
      if (rows.isEmpty()) {
        out.line("no silences");
      } else {
        out.table(HEADER, rows);
      }
      return 0;
    }
  }

  /** {@code vigil silence expire ID}. */
  @Command(name = "expire", mixinStandardHelpOptions = true, description = "Expire a silence now.")
  static final class Expire extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "The silence.")
    String id;

    @Override
    int run(AgentClient client, Output out) {
      JsonNode s =
          require(client, client.delete("/api/silences/" + path(id)), "expire silence " + id)
              .body();
      if (out.table()) {
        out.table(HEADER, List.of(row(out, s)));
      } else {
        out.data(s);
      }
      return 0;
    }
  }
}
