package io.vigil.agent.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a running agent. A failure prints one line saying what to do (never a
 * stack trace) and exits with {@link #failureCode()}.
 */
abstract class ClientCommand implements Callable<Integer> {

  @Mixin ClientOptions options;

  @Spec CommandSpec spec;

  /** The environment: VIGIL_URL, VIGIL_TOKEN, NO_COLOR, TERM, USER. */
  Map<String, String> env = System.getenv();

  @Override
  public final Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      AgentClient client = options.client(env);
      Output out =
          new Output(spec.commandLine().getOut(), options.output, Output.colourWanted(env));
      return run(client, out);
    } catch (AgentClient.Failure e) {
      err.println("vigil: " + e.getMessage());
      err.flush();
      return failureCode();
    }
  }

  /** Does the work; returns the exit code. */
  abstract int run(AgentClient client, Output out);

  /** The exit code when the agent cannot be asked: 1 (status: 3, Nagios' UNKNOWN). */
  int failureCode() {
    return 1;
  }

  static String path(String segment) {
    return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
