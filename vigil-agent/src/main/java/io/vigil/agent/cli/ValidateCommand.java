package io.vigil.agent.cli;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigException;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.Heartbeats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil validate FILE}: checks a configuration file without an agent. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a configuration file: every problem with its path.",
      "Exit codes: 0 valid, 2 invalid."
    })
final class ValidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The configuration file.")
  Path file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      AgentConfig config = ConfigLoader.standard(new CheckTypeContext(new Heartbeats())).load(file);
      config.warnings().forEach(w -> out.println("corrected: " + w));
      out.println(file + ": valid, " + config.checks().size() + " checks");
      out.flush();
      return 0;
    } catch (ConfigException e) {
      err.println("vigil: " + e.getMessage());
      err.flush();
      return 2;
    }
  }
}
