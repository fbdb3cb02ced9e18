package io.vigil.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vigil quarantine lift NAME}. */
@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    description = "Recovery quarantines.",
    subcommands = QuarantineCommand.Lift.class)
final class QuarantineCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code vigil quarantine lift NAME}. */
  @Command(
      name = "lift",
      mixinStandardHelpOptions = true,
      description =
          "Lift a check's recovery quarantine: its ladder, restart budget and breaker start over.")
  static final class Lift extends ClientCommand {
    @Parameters(paramLabel = "NAME", description = "The check.")
    String name;

    @Override
    int run(AgentClient client, Output out) {
      JsonNode view =
          client
              .require(
                  client.post("/api/checks/" + path(name) + "/quarantine/lift", null),
                  "lift " + name)
              .body();
      if (out.table()) {
        out.line(name + ": quarantine lifted; recovery phase " + Output.text(view, "phase"));
      } else {
        out.data(view);
      }
      return 0;
    }
  }
}
