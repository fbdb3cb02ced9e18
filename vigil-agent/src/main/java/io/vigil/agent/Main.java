package io.vigil.agent;

import io.vigil.agent.cli.ClientCommands;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command line. */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Health monitoring and self-healing for services and clusters.",
    subcommands = {
      RunCommand.class,
      WorkerCommand.class,
      ConfigReferenceCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    // Netty (under the Redis client) otherwise uses sun.misc.Unsafe, which JDK 24+ warns about.
    if (System.getProperty("io.netty.noUnsafe") == null) {
      System.setProperty("io.netty.noUnsafe", "true");
    }
    boolean agent = args.length > 0 && AGENT_COMMANDS.contains(args[0]);
    System.exit((agent ? new CommandLine(new Main()) : commandLine()).execute(args));
  }

  /** The commands that start an agent or a worker: they skip the operator commands' set-up. */
  private static final Set<String> AGENT_COMMANDS = Set.of("run", "worker");

  static CommandLine commandLine() {
    return ClientCommands.addTo(new CommandLine(new Main()));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"vigil " + Version.current()};
    }
  }
}
