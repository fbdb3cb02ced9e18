package io.vigil.agent.cli;

import picocli.CommandLine;

/** Adds the operator commands to the {@code vigil} command line. */
public final class ClientCommands {

  private ClientCommands() {}

  /** Adds {@code status}, {@code checks}, ... {@code completion} to {@code line}. */
  public static CommandLine addTo(CommandLine line) {
    for (Object command :
        new Object[] {
          new StatusCommand(),
          new ChecksCommand(),
          new CheckCommand(),
          new HistoryCommand(),
          new SilenceCommand(),
          new QuarantineCommand(),
          new TasksCommand(),
          new NodesCommand(),
          new ValidateCommand(),
          new CompletionCommand()
        }) {
      line.addSubcommand(command);
    }
    return line;
  }
}
