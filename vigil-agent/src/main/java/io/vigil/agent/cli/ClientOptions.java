package io.vigil.agent.cli;

import io.vigil.agent.config.ConfigDocument;
import io.vigil.agent.config.ConfigException;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.Heartbeats;
import io.vigil.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every client command shares: where the agent is, how to find its token, and how to
 * print. The URL comes from {@code --url}, else {@code VIGIL_URL}, else the configuration file's
 * {@code server.host} and {@code port}, else {@code http://127.0.0.1:8080}; the token from {@code
 * VIGIL_TOKEN}, else the configuration file's {@code server.token}. The configuration file is
 * {@code --config}, else {@code ./vigil.yaml} when it exists.
 */
final class ClientOptions {

  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  /** How to print. */
  enum Format {
    table,
    json,
    yaml
  }

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "The agent (default: $VIGIL_URL, the --config file's server, else " + DEFAULT_URL + ").")
  String url;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "The agent's configuration file, for its address and token (default: ./vigil.yaml if it exists).")
  Path config;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table, json or yaml (default: ${DEFAULT-VALUE}).",
      defaultValue = "table")
  Format output;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "How long to wait for the agent, in seconds (default: ${DEFAULT-VALUE}).",
      defaultValue = "30")
  int timeoutSeconds;

  /** The client for these options. */
  AgentClient client(Map<String, String> env) {
    Optional<ServerOptions> server = server();
    String address =
        Optional.ofNullable(url)
            .or(() -> Optional.ofNullable(env.get("VIGIL_URL")).filter(v -> !v.isBlank()))
            .or(() -> server.map(ClientOptions::url))
            .orElse(DEFAULT_URL);
    Optional<String> token =
        Optional.ofNullable(env.get("VIGIL_TOKEN"))
            .filter(t -> !t.isBlank())
            .or(() -> server.flatMap(ServerOptions::token));
    return new AgentClient(address, token, Duration.ofSeconds(Math.max(1, timeoutSeconds)));
  }

  /** The server settings of the configuration file, if there is one. */
  private Optional<ServerOptions> server() {
    Optional<Path> file =
        Optional.ofNullable(config)
            .or(() -> Optional.of(Path.of("vigil.yaml")).filter(Files::isRegularFile));
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      ConfigLoader loader = ConfigLoader.standard(new CheckTypeContext(new Heartbeats()));
      ConfigDocument document = loader.read(file);
      return Optional.of(loader.server(document));
    } catch (ConfigException e) {
      throw new AgentClient.Failure("--config " + file.get() + ": " + e.getMessage());
    }
  }

  private static String url(ServerOptions s) {
    String host = s.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + (s.port() == 0 ? 8080 : s.port());
  }
}
