package io.vigil.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil tasks submit|get}: the durable task queue. */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = "The task queue (needs the store): submit a task or get one.",
    subcommands = {TasksCommand.Submit.class, TasksCommand.Get.class})
final class TasksCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  static void print(Output out, JsonNode task) {
    if (!out.table()) {
      out.data(task);
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    task.properties()
        .forEach(
            e ->
                rows.add(
                    List.of(
                        e.getKey(),
                        e.getKey().equals("status")
                            ? out.status(e.getValue().asText())
                            : e.getValue().isValueNode()
                                ? e.getValue().asText()
                                : e.getValue().toString())));
    out.table(List.of("FIELD", "VALUE"), rows);
  }

  /** {@code vigil tasks submit TYPE}. */
  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description = "Queue a task, e.g. health_check.")
  static final class Submit extends ClientCommand {
    @Parameters(
        paramLabel = "TYPE",
        description = "health_check, or check (payload {\"check\": NAME}).")
    String type;

    @Option(
        names = "--payload",
        paramLabel = "JSON",
        description = "The payload, a JSON object (default: {}).")
    String payload = "{}";

    @Option(
        names = "--key",
        paramLabel = "KEY",
        description = "Idempotency key: the same key names the same task.")
    String key;

    @Override
    int run(AgentClient client, Output out) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", type);
      try {
        body.put("payload", AgentClient.JSON.readValue(payload, Map.class));
      } catch (IOException e) {
        throw new AgentClient.Failure(
            "--payload: must be a JSON object such as {\"check\": \"db\"}");
      }
      if (key != null) {
        body.put("idempotencyKey", key);
      }
      JsonNode queued = client.require(client.post("/api/tasks", body), "submit " + type).body();
      if (out.table()) {
        out.line("task " + Output.text(queued, "task_id") + " " + Output.text(queued, "status"));
      } else {
        out.data(queued);
      }
      return 0;
    }
  }

  /** {@code vigil tasks get ID}. */
  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Show a task and its result.")
  static final class Get extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "The task's id.")
    long id;

    @Override
    int run(AgentClient client, Output out) {
      print(out, client.require(client.get("/api/tasks/" + id), "task " + id).body());
      return 0;
    }
  }
}
