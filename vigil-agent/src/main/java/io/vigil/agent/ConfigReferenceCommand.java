package io.vigil.agent;

import io.vigil.agent.config.ConfigReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil config-reference}: prints the configuration reference tables as Markdown. */
@Command(
    name = "config-reference",
    hidden = true,
    description = "Print the reference tables of docs/configuration.md as Markdown.")
final class ConfigReferenceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(ConfigReference.markdown());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
